import { getProjects, joinPathFragments, type Tree } from '@nx/devkit';
import { readPluginDefaults } from '../shared/plugin-defaults';
import { inferredPattern } from '../shared/release-patterns';
import type { DockerReleaseOptions } from '../../release/options';
import { RELEASE_EXECUTOR } from '../shared/plugin-package';
import { DEFAULT_RELEASE_TAG_PATTERN } from '../../release/defaults';
import { addDockerSetup, emptyDockerSetup, type DockerSetup } from './docker-setup';

/** What the workflow needs to know about the workspace's release targets. */
export interface ReleaseFacts {
  /** Projects with a docker-release target, sorted. */
  projects: string[];
  /** The names of those targets (`release`, a second image's `release-worker`, the plugin's targetName), sorted: what CI runs. */
  targetNames: string[];
  /** Environment variables the targets read: login first, then build secrets; no duplicates. */
  envNames: string[];
  /** Tag filters derived from each target's releaseTagPattern. */
  tagPatterns: string[];
  /** How the targets sign: keyless needs the OIDC token permission; either needs cosign installed. */
  signing?: 'keyed' | 'keyless';
  /** Some target uses a gha layer cache: the release step needs the Actions runtime variables. */
  ghaCache?: boolean;
  /** go.mod of the first Go project, for actions/setup-go's go-version-file. */
  goModFile?: string;
  /** QEMU and buildx builders the runner needs for the targets' builds. */
  docker: DockerSetup;
}

export function collectReleaseFacts(tree: Tree): ReleaseFacts {
  const facts: ReleaseFacts = { projects: [], targetNames: [], envNames: [], tagPatterns: [], docker: emptyDockerSetup() };
  const add = (list: string[], value: string | undefined) => value && !list.includes(value) && list.push(value);
  // The plugin entry's defaults reach every release target, inferred ones included.
  const plugin = readPluginDefaults(tree);
  const defaultLogins = plugin?.login === undefined ? [] : Array.isArray(plugin.login) ? plugin.login : [plugin.login];
  if (usesGhaCache(plugin)) facts.ghaCache = true;
  for (const login of defaultLogins) {
    add(facts.envNames, login?.usernameEnv);
    add(facts.envNames, login?.passwordEnv);
  }
  for (const [name, project] of [...getProjects(tree)].sort(([a], [b]) => a.localeCompare(b))) {
    const named = Object.entries(project.targets ?? {}).filter(([, t]) => t.executor === RELEASE_EXECUTOR);
    const targets = named.map(([, t]) => t);
    for (const [targetName] of named) add(facts.targetNames, targetName);
    if (targets.length === 0) {
      // An inferred target: the plugin is registered and the project has a Dockerfile.
      if (!plugin || !tree.exists(joinPathFragments(project.root, 'Dockerfile'))) continue;
      add(facts.targetNames, plugin.targetName ?? 'release');
      add(facts.tagPatterns, tagFilter(inferredPattern(project, plugin), name));
      addDockerSetup(facts.docker, tree, `${name}:${plugin.targetName ?? 'release'}`, project.root, {}, plugin.platforms ?? []);
    }
    facts.projects.push(name);
    for (const [targetName, target] of named) {
      for (const configuration of [target.options, ...Object.values(target.configurations ?? {})] as Partial<DockerReleaseOptions>[]) {
        // A configuration overrides the target's options key by key, as Nx merges them.
        const options: Partial<DockerReleaseOptions> = { ...(target.options as Partial<DockerReleaseOptions> | undefined), ...configuration };
        addDockerSetup(facts.docker, tree, `${name}:${targetName}`, project.root, options, options.platforms ?? plugin?.platforms ?? []);
        const logins = options?.login === undefined ? [] : Array.isArray(options.login) ? options.login : [options.login];
        for (const login of logins) {
          add(facts.envNames, login?.usernameEnv);
          add(facts.envNames, login?.passwordEnv);
        }
        for (const env of Object.values(options?.secrets ?? {})) add(facts.envNames, env);
        if (usesGhaCache(options)) facts.ghaCache = true;
        if (options?.sign?.keyless) facts.signing = 'keyless';
        else if (options?.sign) {
          facts.signing ??= 'keyed';
          add(facts.envNames, options.sign.keyEnv);
          add(facts.envNames, options.sign.passwordEnv);
        }
        add(facts.tagPatterns, tagFilter(configuration?.releaseTagPattern ?? (configuration === target.options ? (plugin?.releaseTagPattern ?? DEFAULT_RELEASE_TAG_PATTERN) : undefined), name));
      }
    }
    const goMod = joinPathFragments(project.root, 'go.mod');
    if (!facts.goModFile && tree.exists(goMod)) facts.goModFile = goMod;
  }
  facts.targetNames.sort();
  return facts;
}

/** `cache: "gha"`, or a cacheFrom/cacheTo entry of type gha. */
function usesGhaCache(options: Partial<DockerReleaseOptions> | undefined): boolean {
  return options?.cache === 'gha' || [...(options?.cacheFrom ?? []), ...(options?.cacheTo ?? [])].some((e) => /(^|,)\s*type=gha\b/.test(e));
}

/** `{projectName}@{version}` -> `billing@*.*.*`: GitHub's filter syntax for the same tags. */
export function tagFilter(pattern: string | undefined, projectName: string): string | undefined {
  if (pattern === undefined) return undefined;
  return pattern.split('{projectName}').join(projectName).split('{version}').join('*.*.*');
}

import { formatFiles, logger, readJson, readNxJson, updateJson, updateNxJson, type GeneratorCallback, type NxJsonConfiguration, type Tree } from '@nx/devkit';
import type { DockerReleasePluginOptions } from '../../graph/plugin-options';
import { loginOptions } from '../shared/login-options';
import { originOwner } from '../shared/origin-owner';
import { localPluginProject, PLUGIN_ENTRY, PLUGIN_NAME, pluginVersion } from '../shared/plugin-package';
import { writeJsonEdits } from '../shared/json-edit';
import { printNextSteps } from '../shared/next-steps';
import { readPluginDefaults } from '../shared/plugin-defaults';
import { PROJECT_RELEASE_TAG_PATTERN, refuseSharedReleaseTags, workspaceReleasePatterns } from '../shared/release-patterns';
import { initNextSteps, type InitOutcome } from './next-steps';
import { ignoreChangelogs, imageProjects, releaseConfig } from './release-config';
import type { InitGeneratorSchema } from './schema';

type PluginEntry = NonNullable<NxJsonConfiguration['plugins']>[number];

/** nx g nx-docker-release:init — registers the plugin; a second run changes nothing. Ends with the next steps. */
export async function initGenerator(tree: Tree, options: InitGeneratorSchema): Promise<GeneratorCallback> {
  const nxJson = readNxJson(tree) ?? {};
  const before = JSON.stringify(nxJson);
  const { targetName, added } = registerPlugin(nxJson, options);
  const plugin = pluginEntryOptions(nxJson);
  // A new entry in a workspace of several release targets: each project gets its own tags. An
  // existing entry keeps its pattern (changing it would change which tags release the projects).
  if (added && plugin && plugin.releaseTagPattern === undefined && new Set(workspaceReleasePatterns(tree, plugin).map((p) => p.project)).size > 1) {
    plugin.releaseTagPattern = PROJECT_RELEASE_TAG_PATTERN;
  }
  refuseSharedReleaseTags(workspaceReleasePatterns(tree, plugin));
  const release: InitOutcome['release'] = !options.nxRelease ? 'none' : nxJson.release === undefined ? 'written' : 'kept';
  if (options.nxRelease && nxJson.release === undefined) {
    const { release, images } = releaseConfig(tree, plugin?.releaseTagPattern, targetName);
    nxJson.release = release;
    for (const file of ignoreChangelogs(tree, images)) logger.info(`nx-docker-release: ${file}: CHANGELOG.md kept out of the build context (so a changelog commit promotes the released image)`);
  }
  nxJson.targetDefaults ??= {};
  nxJson.targetDefaults[targetName] ??= { dependsOn: ['build'], cache: false };
  const owner = originOwner(tree.root);
  if (!plugin?.registry && !plugin?.imageName) {
    logger.warn(
      `nx-docker-release: no registry set, so inferred images are bare project names (Docker Hub's library/<name>, where no push succeeds); run init again with --registry=${owner ? `ghcr.io/${owner}` : 'ghcr.io/<owner>'}`,
    );
  }
  // Rewriting an unchanged nx.json would still reformat it: write only a real change.
  if (JSON.stringify(nxJson) !== before) {
    // Only what changed is edited: the rest of nx.json stays as the team wrote it.
    if (tree.exists('nx.json')) writeJsonEdits(tree, 'nx.json', JSON.parse(before), nxJson);
    else updateNxJson(tree, nxJson);
  }

  if (!options.skipPackageJson && !localPluginProject(tree) && tree.exists('package.json')) {
    addDevDependency(tree);
  }
  if (!options.skipFormat) await formatFiles(tree);
  const outcome: InitOutcome = { targetName, defaults: readPluginDefaults(tree) ?? {}, images: imageProjects(tree, targetName), release, ...(owner ? { owner } : {}) };
  return () => printNextSteps('init', initNextSteps(tree, outcome));
}

/** The options object of the plugin's entry (changed in place to change the entry). */
function pluginEntryOptions(nxJson: NxJsonConfiguration): DockerReleasePluginOptions | undefined {
  const entry = (nxJson.plugins ?? []).find((p) => [PLUGIN_NAME, PLUGIN_ENTRY].includes(typeof p === 'string' ? p : p.plugin));
  if (entry === undefined) return undefined;
  return (typeof entry === 'string' ? {} : (entry.options ?? {})) as DockerReleasePluginOptions;
}

/** Adds the plugin entry, or sets only the explicitly given options on an existing one. */
function registerPlugin(nxJson: NxJsonConfiguration, options: InitGeneratorSchema): { targetName: string; added: boolean } {
  const given: DockerReleasePluginOptions = {
    ...(options.targetName ? { targetName: options.targetName } : {}),
    ...(options.registry ? { registry: options.registry } : {}),
    ...(options.imageName ? { imageName: options.imageName } : {}),
    ...(options.pushMode ? { pushMode: options.pushMode } : {}),
    // The login every release target gets unless it names its own.
    ...(loginOptions(options) ? { login: loginOptions(options) } : {}),
  };
  const plugins = (nxJson.plugins ??= []);
  const index = plugins.findIndex((p) => [PLUGIN_NAME, PLUGIN_ENTRY].includes(typeof p === 'string' ? p : p.plugin));
  if (index < 0) {
    plugins.push({ plugin: PLUGIN_ENTRY, options: { targetName: 'release', ...given } });
    return { targetName: given.targetName ?? 'release', added: true };
  }
  const entry = plugins[index] as PluginEntry;
  const current = (typeof entry === 'string' ? {} : (entry.options ?? {})) as DockerReleasePluginOptions;
  if (Object.entries(given).some(([k, v]) => current[k as keyof DockerReleasePluginOptions] !== v)) {
    plugins[index] = { ...(typeof entry === 'string' ? { plugin: entry } : entry), options: { ...current, ...given } };
  }
  return { targetName: given.targetName ?? current.targetName ?? 'release', added: false };
}

type Manifest = { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };

function addDevDependency(tree: Tree): void {
  const manifest = readJson<Manifest>(tree, 'package.json');
  if (manifest.dependencies?.[PLUGIN_NAME] || manifest.devDependencies?.[PLUGIN_NAME]) return;
  updateJson<Manifest>(tree, 'package.json', (json) => {
    const devDependencies = { ...json.devDependencies, [PLUGIN_NAME]: pluginVersion() };
    json.devDependencies = Object.fromEntries(Object.entries(devDependencies).sort(([a], [b]) => a.localeCompare(b)));
    logger.info(`${PLUGIN_NAME}@${pluginVersion()} added to devDependencies: run your package manager's install.`);
    return json;
  });
}

export default initGenerator;

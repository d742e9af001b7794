import type { DockerReleaseOptions } from '../release/options';
import { DEFAULT_RELEASE_TAG_PATTERN, SEED_TAG_RULES } from '../release/defaults';

/**
 * Executor options the plugin's nx.json entry may set once for every release target, inferred or
 * configured; a project's own target options win key by key.
 */
export const EXECUTOR_DEFAULT_KEYS = [
  'login',
  'pushMode',
  'promote',
  'skipUnchanged',
  'immutableTags',
  'rewindFloatingTags',
  'retry',
  'flavor',
  'labels',
  'builder',
  'cache',
] as const satisfies readonly (keyof DockerReleaseOptions)[];

export type ExecutorDefaults = Pick<DockerReleaseOptions, (typeof EXECUTOR_DEFAULT_KEYS)[number]>;

/** Options of the plugin's nx.json entry: `{ "plugin": "nx-docker-release/plugin", "options": {...} }`. */
export interface DockerReleasePluginOptions extends ExecutorDefaults {
  /** Name of the inferred target (default `release`). */
  targetName?: string;
  /** Target the release depends on when the project has it (default `build`). */
  buildTargetName?: string;
  /** Registry and namespace the default image name goes under, e.g. `ghcr.io/acme`. */
  registry?: string;
  /**
   * The image name of every project, with `{projectName}` (the project name made a valid
   * repository component) and `{registry}` (the option above) filled in; default
   * `{registry}/{projectName}`, or `{projectName}` without a registry.
   */
  imageName?: string;
  /** Dockerfile globs (workspace-relative) that get a target; default every Dockerfile. */
  include?: string[];
  /** Dockerfile globs that never get a target; wins over include. */
  exclude?: string[];
  /** Default metadata-action tag rules. */
  tags?: string[];
  /** Default release tag pattern (`{version}`, `{projectName}@{version}`, ...). */
  releaseTagPattern?: string;
  /** Default target platforms. */
  platforms?: string[];
}

export type NormalizedPluginOptions = Required<Pick<DockerReleasePluginOptions, 'targetName' | 'buildTargetName' | 'include' | 'exclude' | 'tags' | 'releaseTagPattern'>> &
  Pick<DockerReleasePluginOptions, 'registry' | 'imageName' | 'platforms'> & { defaults: ExecutorDefaults };

export function normalizePluginOptions(options: DockerReleasePluginOptions | undefined): NormalizedPluginOptions {
  return {
    targetName: options?.targetName ?? 'release',
    buildTargetName: options?.buildTargetName ?? 'build',
    include: options?.include ?? ['**/Dockerfile'],
    exclude: options?.exclude ?? [],
    tags: options?.tags ?? [...SEED_TAG_RULES],
    releaseTagPattern: options?.releaseTagPattern ?? DEFAULT_RELEASE_TAG_PATTERN,
    ...(options?.registry ? { registry: options.registry } : {}),
    ...(options?.imageName ? { imageName: options.imageName } : {}),
    ...(options?.platforms ? { platforms: options.platforms } : {}),
    defaults: executorDefaults(options),
  };
}

/** The executor options among the plugin options, exactly as nx.json sets them. */
export function executorDefaults(options: DockerReleasePluginOptions | undefined): ExecutorDefaults {
  const defaults: Record<string, unknown> = {};
  for (const key of EXECUTOR_DEFAULT_KEYS) if (options?.[key] !== undefined) defaults[key] = options[key];
  return defaults as ExecutorDefaults;
}

/** Options of the plugin's nx.json entry: `{ "plugin": "nx-docker-release/plugin", "options": {...} }`. */
export interface DockerReleasePluginOptions {
  /** Name of the inferred target (default `release`). */
  targetName?: string;
  /** Target the release depends on when the project has it (default `build`). */
  buildTargetName?: string;
  /** Registry and namespace the default image name goes under, e.g. `ghcr.io/acme`. */
  registry?: string;
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

export type NormalizedPluginOptions = Required<Omit<DockerReleasePluginOptions, 'registry' | 'platforms'>> &
  Pick<DockerReleasePluginOptions, 'registry' | 'platforms'>;

/**
 * The seed workflow's tag rules, written so they do what the seed meant: `latest` only on the
 * default branch (metadata-action ignores `event=` outside type=ref).
 */
export const DEFAULT_TAGS = ['type=sha', 'type=raw,value=latest,enable={{is_default_branch}}', 'type=semver,pattern={{version}}'];

export function normalizePluginOptions(options: DockerReleasePluginOptions | undefined): NormalizedPluginOptions {
  return {
    targetName: options?.targetName ?? 'release',
    buildTargetName: options?.buildTargetName ?? 'build',
    include: options?.include ?? ['**/Dockerfile'],
    exclude: options?.exclude ?? [],
    tags: options?.tags ?? DEFAULT_TAGS,
    releaseTagPattern: options?.releaseTagPattern ?? '{version}',
    ...(options?.registry ? { registry: options.registry } : {}),
    ...(options?.platforms ? { platforms: options.platforms } : {}),
  };
}

import type { DockerReleaseOptions } from '../../release/options';

/** The order options are written in: what is pushed, which tags, then how it is built. */
const ORDER: (keyof DockerReleaseOptions)[] = [
  'images',
  'tags',
  'flavor',
  'labels',
  'annotations',
  'releaseTagPattern',
  'context',
  'file',
  'target',
  'buildContexts',
  'platforms',
  'buildArgs',
  'secrets',
  'cacheFrom',
  'cacheTo',
  'provenance',
  'push',
  'login',
  'sign',
];

export function orderedOptions(options: Partial<DockerReleaseOptions>): Record<string, unknown> {
  const ordered: Record<string, unknown> = {};
  for (const key of ORDER) if (options[key] !== undefined) ordered[key] = options[key];
  return ordered;
}

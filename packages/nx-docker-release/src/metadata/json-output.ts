import type { MetadataJson } from './types';

/** `DOCKER_METADATA_ANNOTATIONS_LEVELS`, split on `,` without trimming; `manifest` by default. */
export function annotationLevels(env: Readonly<Record<string, string>>): string[] {
  const raw = env['DOCKER_METADATA_ANNOTATIONS_LEVELS'];
  return (raw === undefined || raw === '' ? 'manifest' : raw).split(',');
}

/** `<level>:<key=value>` for every level, then every annotation (`src/main.ts`). */
export function levelPrefixed(annotations: readonly string[], levels: readonly string[]): string[] {
  return levels.flatMap((level) => annotations.map((annotation) => `${level}:${annotation}`));
}

/**
 * The labels object of the `json` output. Upstream matches `([^=]*)=(.*)`, so a value stops at
 * the first line break; reproduced here rather than "fixed".
 */
export function labelsObject(labels: readonly string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const label of labels) {
    const found = /([^=]*)=(.*)/.exec(label);
    if (found !== null) {
      result[found[1] ?? ''] = found[2] ?? '';
    }
  }
  return result;
}

export function buildJson(tags: string[], tagNames: string[], labels: readonly string[], annotations: readonly string[], env: Readonly<Record<string, string>>): MetadataJson {
  return {
    tags,
    'tag-names': tagNames,
    labels: labelsObject(labels),
    annotations: levelPrefixed(annotations, annotationLevels(env)),
  };
}

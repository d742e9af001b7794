const GLOB_CHARS = /[*?[\]{}]/;

/** A COPY source split into the directory Docker must read and, for a pattern, the pattern. */
export interface SourcePattern {
  /** The longest leading path without wildcards: what the source can only lie under. */
  prefix: string;
  glob: boolean;
}

/**
 * `assistant/config/*.json` -> prefix `assistant/config`, glob. Docker's COPY patterns are Go's
 * filepath.Match plus `**`, so any segment holding a wildcard ends the static prefix.
 */
export function sourcePattern(path: string): SourcePattern {
  const segments = path.split('/');
  const firstGlob = segments.findIndex((segment) => GLOB_CHARS.test(segment));
  if (firstGlob < 0) return { prefix: path, glob: false };
  return { prefix: segments.slice(0, firstGlob).join('/'), glob: true };
}

/**
 * `meta.ts › sanitizeTag`: every run of characters outside `[A-Za-z0-9._-]` becomes one `-`.
 * Upstream neither lower-cases, truncates to 128 characters nor fixes a leading `.`/`-`
 * (docker/metadata-action `src/meta.ts › sanitizeTag`); `computeMetadata` rejects such results separately.
 */
export function sanitizeTag(tag: string): string {
  return tag.replace(/[^a-zA-Z0-9._-]+/g, '-');
}

/** Image names are only lower-cased (`Meta.getImageNames`). */
export function sanitizeImageName(name: string): string {
  return name.toLowerCase();
}

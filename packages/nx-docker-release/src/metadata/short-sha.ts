import { MetadataError } from './metadata-error';

const DEFAULT_LENGTH = 7;

/**
 * `meta.ts › shortSha` (docker/metadata-action `src/meta.ts › shortSha`). The env knob is validated only when a short sha is
 * actually needed, like upstream; a length at or past the sha's end returns the whole sha, and
 * 0 or a negative length gives '' (String#substring clamps).
 */
export function shortSha(sha: string, env: Readonly<Record<string, string>>): string {
  const raw = env['DOCKER_METADATA_SHORT_SHA_LENGTH'];
  let length = DEFAULT_LENGTH;
  if (raw !== undefined && raw !== '') {
    length = Number(raw);
    if (Number.isNaN(length)) {
      throw new MetadataError(`DOCKER_METADATA_SHORT_SHA_LENGTH is not a valid number: ${raw}`);
    }
  }
  if (length >= sha.length) {
    return sha;
  }
  return sha.substring(0, length);
}

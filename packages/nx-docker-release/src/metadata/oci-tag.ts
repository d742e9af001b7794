import { MetadataError } from './metadata-error';

/** The OCI distribution spec's tag grammar: https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests */
export const OCI_TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

/**
 * Rejects a sanitised tag that a registry would refuse. Upstream passes such tags on (a leading
 * `.` or `-`, more than 128 characters; docker/metadata-action `src/meta.ts › sanitizeTag`) and the push fails later; we fail
 * while planning, naming the rule that produced the tag.
 */
export function assertOciTag(tag: string, origin: string): void {
  if (!OCI_TAG_PATTERN.test(tag)) {
    const shown = tag.length > 140 ? `${tag.slice(0, 137)}...` : tag;
    throw new MetadataError(`Tag "${shown}" produced by ${origin} is not a valid OCI tag (it must match ${OCI_TAG_PATTERN.source})`);
  }
}

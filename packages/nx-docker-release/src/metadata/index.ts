/** The metadata engine's public surface: pure, docker/metadata-action-compatible. */
export { computeMetadata, computeMetadataDetailed, NO_TAG_WARNING, NO_VERSION_WARNING, type MetadataResult } from './compute-metadata';
export { MetadataError } from './metadata-error';
export type { MetadataContext, MetadataInput, MetadataJson, MetadataOutput, RepoInfo } from './types';
export type { VersionDetail } from './version';
export { parseInputList } from './input-list';
export { parseImageLine, parseImages, type ImageSpec } from './images';
export { matchReleaseTag, compileReleaseTagPattern, type ReleaseTagMatch } from './release-tag-pattern';
export { sharedReleaseTag, type ProjectTagPattern } from './release-tag-overlap';
export { duplicateTags, lintTagRules } from './lint';
export { DEFAULT_TAG_RULES } from './tag-rules';
export { OCI_TAG_PATTERN } from './oci-tag';
export { keyValueRecord, splitKeyValue } from './labels';

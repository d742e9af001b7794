/**
 * nx-docker-release public API. Executors and generators are declared in executors.json and
 * generators.json; this entry carries what other tools may import.
 */
export { computeMetadata, MetadataError } from './metadata';
export type { MetadataInput, MetadataOutput } from './metadata';
export { matchReleaseTag } from './metadata/release-tag-pattern';
export { planRelease } from './release/plan';
export { ReleaseError } from './release/release-error';
export type { Plan, ReleasePlan, SkipPlan } from './release/types';
export type { ReleaseResult } from './release/result';
export type { DockerReleaseOptions } from './executors/docker-release/schema';
export type { GitContext } from './release/git-context';
// Project-graph inference for nx.json `plugins`; createNodesV2 is the pre-Nx-23 name of createNodes.
export { createNodes, createNodes as createNodesV2, createDependencies } from './graph';
export type { DockerReleasePluginOptions } from './graph';

export { createNodes } from './create-nodes/create-nodes';
export { createDependencies } from './create-dependencies/create-dependencies';
export type { DockerReleasePluginOptions } from './plugin-options';

/**
 * The nx.json entry point, `{ "plugin": "nx-docker-release/plugin" }` (the `<package>/plugin`
 * convention of Nx's own plugins). It loads the project-graph code only: Nx starts it in a plugin
 * worker for every graph computation, so it leaves the release engine and metadata out. The run
 * hooks give a run over many projects one summary (they load only the report code).
 */
export { createNodes, createNodes as createNodesV2, createDependencies } from './src/graph';
export { preTasksExecution, postTasksExecution } from './src/report/run-hooks';
export type { DockerReleasePluginOptions } from './src/graph';

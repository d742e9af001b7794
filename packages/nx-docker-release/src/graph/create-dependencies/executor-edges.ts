import type { EdgeCandidate } from './edge-candidate';
import type { ReleaseTarget } from './release-targets';

/** The plugin's own project name; present when the plugin is developed in the same workspace. */
export const PLUGIN_PROJECT = 'nx-docker-release';

/**
 * A project does not depend on the plugin whose executor it runs (Nx adds no such edge), so a
 * change to the executor would release nothing. When the plugin lives in the workspace, every
 * project with a release target depends on it.
 */
export function executorEdges(targets: readonly ReleaseTarget[], projectNames: ReadonlySet<string>): EdgeCandidate[] {
  if (!projectNames.has(PLUGIN_PROJECT)) return [];
  return targets
    .filter((target) => target.project !== PLUGIN_PROJECT)
    .map((target) => ({
      source: target.project,
      target: PLUGIN_PROJECT,
      files: [`${target.root}/project.json`, `${target.root}/package.json`, target.dockerfile],
      reason: `executor ${PLUGIN_PROJECT}:docker-release`,
    }));
}

import type { Tree } from '@nx/devkit';
import { localPluginProject } from './plugin-package';
import { updateProjectIfChanged } from './update-project';

/**
 * A project does not depend on the plugin whose executor it runs, so `nx affected` would miss
 * plugin changes (toolchain.md P9). When the plugin lives in this workspace, make it explicit.
 */
export function addPluginDependency(tree: Tree, projectName: string): void {
  const plugin = localPluginProject(tree);
  if (!plugin || plugin === projectName) return;
  updateProjectIfChanged(tree, projectName, (project) => {
    const deps = project.implicitDependencies ?? [];
    if (!deps.includes(plugin)) project.implicitDependencies = [...deps, plugin];
  });
}

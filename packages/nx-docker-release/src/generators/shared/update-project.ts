import { readProjectConfiguration, updateProjectConfiguration, type ProjectConfiguration, type Tree } from '@nx/devkit';

/**
 * Applies `change` to a copy of the project's configuration and writes it only when something
 * differs: rewriting an unchanged project.json would still reformat it, and a second generator
 * run must change nothing.
 */
export function updateProjectIfChanged(tree: Tree, name: string, change: (project: ProjectConfiguration) => void): boolean {
  const current = readProjectConfiguration(tree, name);
  const next = structuredClone(current);
  change(next);
  if (JSON.stringify(next) === JSON.stringify(current)) return false;
  updateProjectConfiguration(tree, name, next);
  return true;
}

import { joinPathFragments, readProjectConfiguration, updateProjectConfiguration, type ProjectConfiguration, type Tree } from '@nx/devkit';
import { writeJsonEdits } from './json-edit';

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
  const file = joinPathFragments(current.root, 'project.json');
  // project.json: only what changed is edited, the rest stays as the team wrote it.
  if (tree.exists(file)) writeJsonEdits(tree, file, current, next);
  else updateProjectConfiguration(tree, name, next);
  return true;
}

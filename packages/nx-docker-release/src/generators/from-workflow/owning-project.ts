import { getProjects, type Tree } from '@nx/devkit';
import { GeneratorOptionError } from '../shared/option-error';

/** The project whose root contains the build context; the deepest root wins. */
export function owningProject(tree: Tree, context: string): string {
  let best: { name: string; depth: number } | undefined;
  for (const [name, project] of getProjects(tree)) {
    const root = project.root === '.' ? '' : project.root.replace(/\/+$/, '');
    const contains = root === '' || context === root || context.startsWith(`${root}/`);
    if (contains && (!best || root.length > best.depth)) best = { name, depth: root.length };
  }
  if (!best) throw new GeneratorOptionError('project', `no project contains the build context "${context}"; pass --project`);
  return best.name;
}

import { getProjects, type Tree } from '@nx/devkit';
import { GeneratorOptionError } from '../shared/option-error';

/**
 * The project that owns a build: the deepest project root containing the build context, or the
 * Dockerfile's directory when that lies deeper (a root context `.` with `file: api/Dockerfile`).
 */
export function owningProject(tree: Tree, context: string, file?: string): string {
  const candidates = [context, ...(file ? [file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '.'] : [])];
  let best: { name: string; depth: number } | undefined;
  for (const [name, project] of getProjects(tree)) {
    const root = project.root === '.' ? '' : project.root.replace(/\/+$/, '');
    const contains = (path: string) => root === '' || path === root || path.startsWith(`${root}/`);
    if (candidates.some(contains) && (!best || root.length > best.depth)) best = { name, depth: root.length };
  }
  if (!best) throw new GeneratorOptionError('project', `no project contains the build context "${context}"${file ? ` or the Dockerfile ${file}` : ''}; pass --project`);
  return best.name;
}

/** Project roots keyed by project name, as in CreateDependenciesContext.projects. */
export type ProjectRoots = ReadonlyArray<readonly [name: string, root: string]>;

/** The project owning `path`: the one with the longest root that contains it ('.' owns all). */
export function ownerOf(path: string, roots: ProjectRoots): string | undefined {
  let best: { name: string; length: number } | undefined;
  for (const [name, root] of roots) {
    if (!contains(root, path)) continue;
    const length = isWorkspaceRoot(root) ? 0 : root.length;
    if (!best || length > best.length) best = { name, length };
  }
  return best?.name;
}

/** Projects whose root lies inside `dir` (a COPY of a whole directory copies them all). */
export function projectsUnder(dir: string, roots: ProjectRoots): string[] {
  return roots.filter(([, root]) => !isWorkspaceRoot(root) && contains(dir, root)).map(([name]) => name);
}

function contains(dir: string, path: string): boolean {
  return isWorkspaceRoot(dir) || path === dir || path.startsWith(`${dir}/`);
}

function isWorkspaceRoot(root: string): boolean {
  return root === '' || root === '.';
}

import type { ExecutorContext } from '@nx/devkit';

/**
 * The workspace directories the tasks this release depends on read (the `build` whose output the
 * Dockerfile copies, and what that build depends on): each dependency task's project root and the
 * roots of the projects it depends on in the graph (source imports, not implicit dependencies,
 * not npm packages). Coarser than Nx's named inputs: a changed test file in such a project counts.
 */
export function dependencyInputRoots(context: ExecutorContext): string[] {
  const graph = context.taskGraph;
  const projects = context.projectGraph;
  if (!graph || !projects || !context.projectName || !context.targetName) return [];
  const self = Object.values(graph.tasks).find((t) => t.target.project === context.projectName && t.target.target === context.targetName);
  if (!self) return [];
  const roots = new Set<string>();
  const seen = new Set<string>();
  const visit = (taskId: string): void => {
    for (const dep of graph.dependencies[taskId] ?? []) {
      if (seen.has(dep)) continue;
      seen.add(dep);
      const project = graph.tasks[dep]?.target.project;
      const root = project === undefined ? undefined : projects.nodes[project]?.data.root;
      if (project === undefined || root === undefined) continue;
      roots.add(root);
      for (const edge of projects.dependencies[project] ?? []) {
        const upstream = projects.nodes[edge.target]?.data.root;
        if (edge.type !== 'implicit' && upstream !== undefined) roots.add(upstream);
      }
      visit(dep);
    }
  };
  visit(self.id);
  return [...roots].sort();
}

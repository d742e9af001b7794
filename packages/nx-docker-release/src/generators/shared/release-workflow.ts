import type { Tree } from '@nx/devkit';

/** The line every workflow `ci-workflow` writes carries (render-workflow.ts, render-gates.ts). */
const MARKER = 'Written by nx g nx-docker-release:ci-workflow';

/** Whether `nx g nx-docker-release:ci-workflow` has written the workspace's release workflow. */
export function hasReleaseWorkflow(tree: Tree): boolean {
  const dir = '.github/workflows';
  return tree.exists(dir) && tree.children(dir).some((file) => /\.ya?ml$/.test(file) && (tree.read(`${dir}/${file}`, 'utf-8') ?? '').includes(MARKER));
}

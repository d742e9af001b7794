import type { Tree } from '@nx/devkit';

/**
 * Every file of a tree with its content. Generator specs compare two snapshots to prove a second
 * run changes nothing (`listChanges()` accumulates since the tree was created, so it cannot).
 */
export function snapshotTree(tree: Tree, dir = ''): Map<string, string> {
  const files = new Map<string, string>();
  for (const child of tree.children(dir)) {
    const path = dir ? `${dir}/${child}` : child;
    if (tree.isFile(path)) files.set(path, tree.read(path, 'utf-8') ?? '');
    else for (const [p, c] of snapshotTree(tree, path)) files.set(p, c);
  }
  return files;
}

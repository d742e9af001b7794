import type { Tree } from '@nx/devkit';
import { DEFAULT_NODE_VERSION } from './actions';

/** actions/setup-node's version input: `node-version-file` when the workspace names its Node, else the LTS. */
export type NodeVersion = { 'node-version-file': string } | { 'node-version': number };

/**
 * The workspace's own Node version, in the order version managers read it: `.nvmrc`, then
 * `.node-version`, then package.json `engines.node` (setup-node reads that field itself when given
 * package.json: https://github.com/actions/setup-node/blob/main/docs/advanced-usage.md).
 */
export function detectNodeVersion(tree: Tree): NodeVersion {
  for (const file of ['.nvmrc', '.node-version']) {
    if (tree.read(file, 'utf-8')?.trim()) return { 'node-version-file': file };
  }
  if (enginesNode(tree.read('package.json', 'utf-8'))) return { 'node-version-file': 'package.json' };
  return { 'node-version': DEFAULT_NODE_VERSION };
}

function enginesNode(text: string | null): boolean {
  if (text === null) return false;
  try {
    const engines = (JSON.parse(text) as { engines?: { node?: unknown } }).engines;
    return typeof engines?.node === 'string' && engines.node.trim() !== '';
  } catch {
    return false;
  }
}

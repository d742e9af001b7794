import type { Tree } from '@nx/devkit';

/** How CI installs the workspace and runs nx, from the lockfile at the root. */
export interface PackageManager {
  /** actions/setup-node `cache` value, when a lockfile exists. */
  cache?: 'npm' | 'yarn' | 'pnpm';
  install: string;
  nx: string;
}

export function detectPackageManager(tree: Tree): PackageManager {
  if (tree.exists('pnpm-lock.yaml')) return { cache: 'pnpm', install: 'pnpm install --frozen-lockfile', nx: 'pnpm nx' };
  if (tree.exists('yarn.lock')) return { cache: 'yarn', install: 'yarn install --frozen-lockfile', nx: 'yarn nx' };
  if (tree.exists('package-lock.json')) return { cache: 'npm', install: 'npm ci', nx: 'npx nx' };
  return { install: 'npm install', nx: 'npx nx' };
}

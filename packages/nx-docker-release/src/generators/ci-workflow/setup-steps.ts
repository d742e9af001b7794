import { ACTIONS } from './actions';
import type { NodeVersion } from './node-version';
import type { PackageManager } from './package-manager';

/** What every job that runs nx needs to know about the workspace. */
export interface WorkspaceSetup {
  mainBranch: string;
  packageManager: PackageManager;
  nodeVersion: NodeVersion;
  /** go.mod of the first Go project, for actions/setup-go's go-version-file. */
  goModFile?: string;
}

/** Checkout (full history: nx affected diffs two commits), Node, Go when a project has go.mod, the install. */
export function installSteps(input: WorkspaceSetup, checkoutName?: string): Record<string, unknown>[] {
  const pm = input.packageManager;
  return [
    { ...(checkoutName ? { name: checkoutName } : {}), uses: ACTIONS.checkout, with: { 'fetch-depth': 0 } },
    ...(pm.cache === 'pnpm' ? [{ uses: ACTIONS.pnpm }] : []),
    { uses: ACTIONS.setupNode, with: { ...input.nodeVersion, ...(pm.cache ? { cache: pm.cache } : {}) } },
    ...(input.goModFile ? [{ uses: ACTIONS.setupGo, with: { 'go-version-file': input.goModFile } }] : []),
    { run: pm.install },
  ];
}

/** nrwl/nx-set-shas: NX_BASE is the last successful run of this workflow on the main branch (its job needs `actions: read`). */
export function nxSetShasStep(mainBranch: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...extra, uses: ACTIONS.nxSetShas, with: { 'main-branch-name': mainBranch } };
}

/** `nx affected` between the SHAs nx-set-shas exported, its output streamed as it comes. */
export const affectedCommand = (pm: PackageManager, targets: string, flags = ''): string => `${pm.nx} affected -t ${targets} --base="$NX_BASE" --head="$NX_HEAD"${flags} --output-style=stream`;

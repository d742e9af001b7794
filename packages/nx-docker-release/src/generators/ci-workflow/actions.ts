/**
 * The actions the generated workflows use, one major each, in one place. Every JavaScript action
 * here runs on Node 24 (GitHub's runners stopped defaulting to Node 20 in June 2026);
 * cosign-installer is a composite action (shell steps, no Node runtime), kept on the major that
 * installs the cosign 2.x the plugin is tested with.
 */
export const ACTIONS = {
  checkout: 'actions/checkout@v7',
  setupNode: 'actions/setup-node@v7',
  setupGo: 'actions/setup-go@v6',
  pnpm: 'pnpm/action-setup@v6',
  nxSetShas: 'nrwl/nx-set-shas@v5',
  uploadArtifact: 'actions/upload-artifact@v7',
  downloadArtifact: 'actions/download-artifact@v7',
  githubScript: 'actions/github-script@v9',
  cosignInstaller: 'sigstore/cosign-installer@v3',
  setupQemu: 'docker/setup-qemu-action@v4',
  setupBuildx: 'docker/setup-buildx-action@v4',
} as const;

/**
 * nx-set-shas asks the Actions API for the last successful run of the workflow; with a restricted
 * GITHUB_TOKEN that needs `actions: read` (its README). Every job that runs it carries this.
 */
export const NX_SET_SHAS_PERMISSIONS = { contents: 'read', actions: 'read' } as const;

/** gitleaks for the secret-scan job: a release tarball, checked against the sha256 its release publishes (gitleaks_8.28.0_checksums.txt). */
export const GITLEAKS = {
  version: '8.28.0',
  /** sha256 of gitleaks_8.28.0_linux_x64.tar.gz (GitHub-hosted ubuntu runners are x64). */
  sha256: 'a65b5253807a68ac0cafa4414031fd740aeb55f54fb7e55f386acb52e6a840eb',
} as const;

/** The Node version when the workspace names none: the current LTS line. */
export const DEFAULT_NODE_VERSION = 24;

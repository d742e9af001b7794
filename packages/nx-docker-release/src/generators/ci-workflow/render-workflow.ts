import { Document, isMap, isScalar, isSeq } from 'yaml';
import { ACTIONS, NX_SET_SHAS_PERMISSIONS } from './actions';
import { dockerSetupSteps, type DockerSetup } from './docker-setup';
import { secretEnvNames } from './github-provided';
import { affectedCommand, installSteps, nxSetShasStep, type WorkspaceSetup } from './setup-steps';

export interface WorkflowInput extends WorkspaceSetup {
  name: string;
  tagPatterns: string[];
  envNames: string[];
  /** The release targets to run (`nx affected -t a,b`); ['release'] when none is given. */
  targets?: string[];
  /** Native runners: a matrix job per platform (publish by digest), then a merge job. */
  native?: { platform: string; runner: string }[];
  /** Some target signs with cosign: install it; keyless also needs the OIDC token. */
  signing?: 'keyed' | 'keyless';
  /** Some target uses a gha layer cache: export the Actions runtime variables to the release steps. */
  ghaCache?: boolean;
  /** The reusable gates workflow every release job waits for (file name without .yml). */
  gates?: string;
  /** QEMU and buildx builders the builds need (none: the runner's Docker as it is). */
  docker?: DockerSetup;
}

/** The cosign the plugin is tested with (Debian trixie's 2.5.0). */
const COSIGN_RELEASE = 'v2.5.0';

/**
 * BuildKit's gha cache needs ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL (ACTIONS_CACHE_URL,
 * ACTIONS_CACHE_SERVICE_V2), which the runner gives to actions but not to `run:` steps. GitHub's own
 * github-script exports them for the steps after it (as crazy-max/ghaction-github-runtime does,
 * without a third-party action holding the token and without printing the values).
 */
const EXPOSE_ACTIONS_RUNTIME = {
  name: 'Expose the Actions cache service to the release steps (a gha layer cache)',
  uses: ACTIONS.githubScript,
  with: { script: "for (const [key, value] of Object.entries(process.env)) if (key.startsWith('ACTIONS_') && value) core.exportVariable(key, value);\n" },
};

/** Where split releases of every project meet: one directory, one artifact per platform job. */
export const DIGESTS_DIR = 'dist/release-digests';

const HEADER = [
  ' Written by nx g nx-docker-release:ci-workflow. The Nx project graph decides what to release:',
  ' on a push to the main branch, every project affected since the last successful run of this',
  ' workflow (nrwl/nx-set-shas, full history); on a tag push, every project whose release target',
  ' matches the tag (releaseTagPattern). Credentials reach the executor as environment variables.',
].join('\n');

/** The release workflow as YAML text; pure, so the shape is tested without a tree. */
export function renderWorkflow(input: WorkflowInput): string {
  const pm = input.packageManager;
  const secretEnv = secretEnvNames(input.envNames);
  const env = secretEnv.length ? { env: Object.fromEntries(secretEnv.map((n) => [n, `\${{ secrets.${n} }}`])) } : {};
  const setup: Record<string, unknown>[] = [
    ...installSteps(input, 'Checkout (full history, so nx affected can diff against the last released commit)'),
    ...(input.ghaCache ? [EXPOSE_ACTIONS_RUNTIME] : []),
    ...(input.signing ? [{ name: 'Install cosign (the sign option runs it)', uses: ACTIONS.cosignInstaller, with: { 'cosign-release': COSIGN_RELEASE } }] : []),
    nxSetShasStep(input.mainBranch, { name: `Derive base and head (last successful run of this workflow on ${input.mainBranch})`, if: "github.ref_type == 'branch'" }),
  ];
  const targets = (input.targets?.length ? input.targets : ['release']).join(',');
  const release = (what: string, flags: string): Record<string, unknown>[] => [
    {
      name: `${what} what the graph says changed`,
      if: "github.ref_type == 'branch'",
      run: affectedCommand(pm, targets, flags),
      ...env,
    },
    {
      name: `${what} every project whose release tag pattern matches this tag`,
      if: "github.ref_type == 'tag'",
      run: `${pm.nx} run-many -t ${targets}${flags} --output-style=stream`,
      ...env,
    },
  ];
  // Job-level, so the gates get no write access: nx-set-shas reads the Actions API, the release
  // pushes packages, keyless signing asks for the workflow's OIDC token.
  const permissions = { ...NX_SET_SHAS_PERMISSIONS, packages: 'write', ...(input.signing === 'keyless' ? { 'id-token': 'write' } : {}) };
  const gated = { ...(input.gates ? { needs: 'gates' } : {}), permissions };
  const docker = input.docker ?? { qemu: [], builders: [] };
  const jobs = input.native
    ? {
        platforms: {
          ...gated,
          strategy: { 'fail-fast': true, matrix: { include: input.native } },
          'runs-on': '${{ matrix.runner }}',
          steps: [
            ...setup,
            // Each platform builds on its own runner: no emulation, so no QEMU.
            ...dockerSetupSteps(docker, { qemu: false }),
            ...release('Publish by digest, for ${{ matrix.platform }},', ` --split=platforms --platforms=\${{ matrix.platform }} --digestsDir=${DIGESTS_DIR}`),
            { uses: ACTIONS.uploadArtifact, with: { name: 'digests-${{ strategy.job-index }}', path: DIGESTS_DIR, 'if-no-files-found': 'ignore', 'retention-days': 1 } },
          ],
        },
        merge: {
          needs: 'platforms',
          permissions,
          'runs-on': 'ubuntu-latest',
          steps: [
            ...setup,
            { uses: ACTIONS.downloadArtifact, with: { pattern: 'digests-*', 'merge-multiple': true, path: DIGESTS_DIR } },
            ...release('Merge the platforms and tag', ` --split=merge --digestsDir=${DIGESTS_DIR}`),
          ],
        },
      }
    : { release: { ...gated, 'runs-on': 'ubuntu-latest', steps: [...setup, ...dockerSetupSteps(docker, { qemu: true }), ...release('Release', '')] } };
  const doc = new Document(
    {
      name: input.name,
      on: { push: { branches: [input.mainBranch], tags: input.tagPatterns } },
      permissions: { contents: 'read' },
      concurrency: { group: `${input.name}-\${{ github.ref }}`, 'cancel-in-progress': false },
      env: { NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
      jobs: input.gates ? { gates: { uses: `./.github/workflows/${input.gates}.yml`, permissions: NX_SET_SHAS_PERMISSIONS }, ...jobs } : jobs,
    },
    { aliasDuplicateObjects: false },
  );
  doc.commentBefore = HEADER;
  spaceOut(doc);
  return doc.toString({ lineWidth: 0 });
}

/** A blank line between top-level sections and between steps, as people write workflows. */
function spaceOut(doc: Document): void {
  if (!isMap(doc.contents)) return;
  doc.contents.items.forEach((pair, i) => {
    if (i > 0 && isScalar(pair.key)) pair.key.spaceBefore = true;
  });
  for (const job of ['release', 'platforms', 'merge']) {
    const steps = doc.getIn(['jobs', job, 'steps'], true);
    if (isSeq(steps)) steps.items.forEach((step, i) => i > 0 && isMap(step) && (step.spaceBefore = true));
  }
}

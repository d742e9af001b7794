import { Document, isMap, isScalar, isSeq } from 'yaml';
import type { PackageManager } from './package-manager';

/** The gitleaks the secret-scan job installs: Debian trixie's package, pinned. */
export const GITLEAKS = { image: 'debian:trixie', version: '8.16.0-1+b12' };
export const GATES_FILE = 'gates';
export const PULL_REQUEST_FILE = 'pull-request';

export interface GatesInput {
  mainBranch: string;
  packageManager: PackageManager;
  goModFile?: string;
  /** A label the pull request must carry (the seed's `lgtm`); empty: no label check. */
  label: string;
  /** The release targets whose plans a pull request shows; ['release'] when none is given. */
  targets?: string[];
}

const GATES_HEADER = [
  ' Written by nx g nx-docker-release:ci-workflow. The checks a change passes before anything is',
  ' released, as separate named jobs: the tests of the projects it affects (the Nx project graph,',
  ' not path filters), lint, and a gitleaks scan of its commits. Called by the pull-request and the',
  ' release workflows; make the three jobs required checks of the main branch.',
].join('\n');

const PR_HEADER = [
  ' Written by nx g nx-docker-release:ci-workflow. Pull requests: the gates, the review label, and',
  ' the release plan of every affected project (dry run, no credentials needed).',
].join('\n');

function setupSteps(input: GatesInput): Record<string, unknown>[] {
  const pm = input.packageManager;
  return [
    { uses: 'actions/checkout@v4', with: { 'fetch-depth': 0 } },
    ...(pm.cache === 'pnpm' ? [{ uses: 'pnpm/action-setup@v4' }] : []),
    { uses: 'actions/setup-node@v4', with: { 'node-version': 20, ...(pm.cache ? { cache: pm.cache } : {}) } },
    ...(input.goModFile ? [{ uses: 'actions/setup-go@v5', with: { 'go-version-file': input.goModFile } }] : []),
    { run: pm.install },
    { uses: 'nrwl/nx-set-shas@v4', with: { 'main-branch-name': input.mainBranch } },
  ];
}

const affected = (pm: PackageManager, targets: string): string => `${pm.nx} affected -t ${targets} --base="$NX_BASE" --head="$NX_HEAD" --output-style=static`;

/** The reusable gates workflow (`on: workflow_call`). */
export function renderGates(input: GatesInput): string {
  const pm = input.packageManager;
  return toYaml(GATES_HEADER, {
    name: 'gates',
    on: { workflow_call: null },
    permissions: { contents: 'read' },
    env: { NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    jobs: {
      e2e: {
        name: 'e2e (affected projects)',
        'runs-on': 'ubuntu-latest',
        steps: [...setupSteps(input), { name: 'Tests of the affected projects', run: affected(pm, 'test e2e') }],
      },
      lint: {
        name: 'lint',
        'runs-on': 'ubuntu-latest',
        steps: [...setupSteps(input), { name: 'Lint the affected projects', run: affected(pm, 'lint') }],
      },
      'secret-scan': {
        name: 'secret scan (gitleaks)',
        'runs-on': 'ubuntu-latest',
        container: GITLEAKS.image,
        steps: [
          { name: 'Install git and gitleaks', run: `apt-get update -qq && apt-get install -y -qq git ca-certificates gitleaks=${GITLEAKS.version}` },
          { uses: 'actions/checkout@v4', with: { 'fetch-depth': 0 } },
          {
            name: "Scan the commits of this change (a pull request's, else the whole history)",
            env: { RANGE: "${{ github.event.pull_request.base.sha && format('{0}..{1}', github.event.pull_request.base.sha, github.event.pull_request.head.sha) || '' }}" },
            run: ['git config --global --add safe.directory "$GITHUB_WORKSPACE"', 'gitleaks detect --source . --redact --no-banner --verbose ${RANGE:+--log-opts="$RANGE"}', ''].join('\n'),
          },
        ],
      },
    },
  });
}

/** The pull-request workflow: the gates, the label check, the dry-run release plans. */
export function renderPullRequest(input: GatesInput): string {
  const pm = input.packageManager;
  const label = input.label
    ? {
        label: {
          name: `${input.label} label`,
          'runs-on': 'ubuntu-latest',
          steps: [
            {
              name: `The pull request carries the ${input.label} label`,
              env: { HAS_LABEL: `\${{ contains(github.event.pull_request.labels.*.name, '${input.label}') }}` },
              run: `[ "$HAS_LABEL" = "true" ] || { echo "add the ${input.label} label once the change is reviewed"; exit 1; }\n`,
            },
          ],
        },
      }
    : {};
  return toYaml(PR_HEADER, {
    name: 'pull-request',
    on: { pull_request: { branches: [input.mainBranch], types: ['opened', 'synchronize', 'reopened', 'labeled', 'unlabeled'] } },
    permissions: { contents: 'read' },
    env: { NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    jobs: {
      gates: { uses: `./.github/workflows/${GATES_FILE}.yml` },
      ...label,
      'release-plan': {
        name: 'release plan (dry run)',
        'runs-on': 'ubuntu-latest',
        steps: [...setupSteps(input), { name: "Affected projects' release plans", run: affected(pm, `${(input.targets?.length ? input.targets : ['release']).join(',')} --dryRun`) }],
      },
    },
  });
}

function toYaml(header: string, value: Record<string, unknown>): string {
  const doc = new Document(value, { aliasDuplicateObjects: false });
  doc.commentBefore = header;
  if (isMap(doc.contents)) {
    doc.contents.items.forEach((pair, i) => {
      if (i > 0 && isScalar(pair.key)) pair.key.spaceBefore = true;
    });
    const jobs = doc.get('jobs', true);
    if (isMap(jobs)) {
      jobs.items.forEach((pair, i) => {
        if (i > 0 && isScalar(pair.key)) pair.key.spaceBefore = true;
        const steps = isMap(pair.value) ? pair.value.get('steps', true) : undefined;
        if (isSeq(steps)) steps.items.forEach((step, j) => j > 0 && isMap(step) && (step.spaceBefore = true));
      });
    }
  }
  return doc.toString({ lineWidth: 0 });
}

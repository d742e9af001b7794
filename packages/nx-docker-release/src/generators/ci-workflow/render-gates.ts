import { Document, isMap, isScalar, isSeq } from 'yaml';
import { ACTIONS, GITLEAKS, NX_SET_SHAS_PERMISSIONS } from './actions';
import { affectedCommand, installSteps, nxSetShasStep, type WorkspaceSetup } from './setup-steps';

export const GATES_FILE = 'gates';
export const PULL_REQUEST_FILE = 'pull-request';

/** The jobs of gates.yml by id, with the names GitHub shows as checks (`gates / <name>` from a caller). */
export const GATE_JOBS = { e2e: 'e2e (affected projects)', lint: 'lint', 'secret-scan': 'secret scan (gitleaks)' } as const;
export const RELEASE_PLAN_JOB = 'release plan (dry run)';
export const labelJobName = (label: string): string => `${label} label`;

export interface GatesInput extends WorkspaceSetup {
  /** A label the pull request must carry; empty: no label check. */
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
  ' Written by nx g nx-docker-release:ci-workflow. Pull requests: the gates, the release plan of',
  ' every affected project (dry run, no credentials needed), and the review label when one is asked for.',
].join('\n');

function setupSteps(input: GatesInput): Record<string, unknown>[] {
  return [...installSteps(input), nxSetShasStep(input.mainBranch)];
}

/**
 * gitleaks from its GitHub release, the tarball checked against the pinned sha256 before it is
 * unpacked (a distribution package pin breaks when the archive drops the revision).
 */
const INSTALL_GITLEAKS = [
  'curl -fsSL --retry 3 -o "$RUNNER_TEMP/gitleaks.tar.gz" "https://github.com/gitleaks/gitleaks/releases/download/v${GITLEAKS_VERSION}/gitleaks_${GITLEAKS_VERSION}_linux_x64.tar.gz"',
  'echo "${GITLEAKS_SHA256}  $RUNNER_TEMP/gitleaks.tar.gz" | sha256sum --check --strict -',
  'tar -xzf "$RUNNER_TEMP/gitleaks.tar.gz" -C "$RUNNER_TEMP" gitleaks',
  '',
].join('\n');

/** The reusable gates workflow (`on: workflow_call`). */
export function renderGates(input: GatesInput): string {
  const pm = input.packageManager;
  const nxJob = (name: string, step: Record<string, unknown>) => ({ name, permissions: NX_SET_SHAS_PERMISSIONS, 'runs-on': 'ubuntu-latest', steps: [...setupSteps(input), step] });
  return toYaml(GATES_HEADER, {
    name: 'gates',
    on: { workflow_call: null },
    permissions: { contents: 'read' },
    env: { NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    jobs: {
      e2e: nxJob(GATE_JOBS.e2e, { name: 'Tests of the affected projects', run: affectedCommand(pm, 'test e2e') }),
      lint: nxJob(GATE_JOBS.lint, { name: 'Lint the affected projects', run: affectedCommand(pm, 'lint') }),
      'secret-scan': {
        name: GATE_JOBS['secret-scan'],
        'runs-on': 'ubuntu-latest',
        steps: [
          { uses: ACTIONS.checkout, with: { 'fetch-depth': 0 } },
          { name: `Install gitleaks ${GITLEAKS.version} (release tarball, sha256 checked)`, env: { GITLEAKS_VERSION: GITLEAKS.version, GITLEAKS_SHA256: GITLEAKS.sha256 }, run: INSTALL_GITLEAKS },
          {
            name: "Scan the commits of this change (a pull request's, else the whole history)",
            env: { RANGE: "${{ github.event.pull_request.base.sha && format('{0}..{1}', github.event.pull_request.base.sha, github.event.pull_request.head.sha) || '' }}" },
            run: '"$RUNNER_TEMP/gitleaks" git --redact --no-banner --verbose ${RANGE:+--log-opts="$RANGE"} .\n',
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
          name: labelJobName(input.label),
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
    // A label check must run again when the label is added or removed; without one, the default events.
    on: { pull_request: { branches: [input.mainBranch], ...(input.label ? { types: ['opened', 'synchronize', 'reopened', 'labeled', 'unlabeled'] } : {}) } },
    permissions: { contents: 'read' },
    env: { NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    jobs: {
      gates: { uses: `./.github/workflows/${GATES_FILE}.yml`, permissions: NX_SET_SHAS_PERMISSIONS },
      ...label,
      'release-plan': {
        name: RELEASE_PLAN_JOB,
        permissions: NX_SET_SHAS_PERMISSIONS,
        'runs-on': 'ubuntu-latest',
        steps: [...setupSteps(input), { name: "Affected projects' release plans", run: affectedCommand(pm, `${(input.targets?.length ? input.targets : ['release']).join(',')} --dryRun`) }],
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

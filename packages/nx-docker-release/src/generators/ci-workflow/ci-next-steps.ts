import { providedByGitHub } from './github-provided';
import { GATE_JOBS, GATES_FILE, labelJobName, RELEASE_PLAN_JOB } from './render-gates';

/** What the generator wrote, as far as the team's next steps depend on it. */
export interface CiNextStepsInput {
  /** `.github/workflows/<name>.yml` */
  workflowFile: string;
  mainBranch: string;
  tagPatterns: string[];
  /** Variables the release steps read from secrets of the same name. */
  envNames: string[];
  /** Whether gates.yml and pull-request.yml were written, and the label the pull requests must carry ('' for none). */
  gates: boolean;
  label: string;
  signing?: 'keyed' | 'keyless';
  /** `npx nx`, `pnpm nx`, `yarn nx` */
  nx: string;
  /** nx.json has a `release` section. */
  nxRelease: boolean;
  /** No project has a release target yet. */
  noProjects: boolean;
}

/** The numbered list ci-workflow prints: only what applies to the files it wrote. */
export function ciWorkflowNextSteps(input: CiNextStepsInput): string[] {
  const steps: string[] = [];
  if (input.noProjects) steps.push('Give a project a release target (nx g nx-docker-release:configuration --project=<name>): until then the workflow releases nothing.');
  const secrets = input.envNames.filter((name) => !providedByGitHub(name));
  const provided = input.envNames.filter(providedByGitHub);
  const providedNote = provided.length ? `${provided.join(', ')}: nothing to create, GitHub provides ${provided.length > 1 ? 'them' : 'it'} to every run.` : '';
  if (secrets.length) {
    steps.push(
      `Create the repository secrets ${secrets.join(', ')} (Settings -> Secrets and variables -> Actions, or gh secret set <NAME>): ${input.workflowFile} passes them to the release steps.${providedNote ? ` ${providedNote}` : ''}`,
    );
  } else if (providedNote) steps.push(providedNote);
  if (input.gates) {
    const checks = [...Object.values(GATE_JOBS).map((job) => `${GATES_FILE} / ${job}`), RELEASE_PLAN_JOB, ...(input.label ? [labelJobName(input.label)] : [])];
    steps.push(`Require the checks ${checks.map((c) => `"${c}"`).join(', ')} in the branch protection of ${input.mainBranch} (Settings -> Branches); they appear once pull-request.yml has run.`);
    if (input.label) steps.push(`Create the label "${input.label}" (gh label create ${quoteArg(input.label)}): the "${labelJobName(input.label)}" check fails until a reviewer adds it.`);
  }
  if (input.signing === 'keyless') {
    steps.push(
      `Keyless signing: the release jobs of ${input.workflowFile} ask for id-token: write (cosign signs with the workflow's OIDC identity, issuer https://token.actions.githubusercontent.com); allow it if your organisation restricts workflow permissions.`,
    );
  }
  steps.push(
    input.nxRelease
      ? `Release a version: ${input.nx} release --dry-run --yes shows the plan; ${input.nx} release --yes writes the changelogs, commits, tags and publishes; git push --follow-tags then runs ${input.workflowFile} on the tags.`
      : `Release: a push to ${input.mainBranch} releases the affected projects; a tag matching ${input.tagPatterns.join(' or ')} releases every project whose releaseTagPattern matches it.`,
  );
  return steps;
}

/** A label with spaces needs quotes on a shell line. */
const quoteArg = (value: string): string => (/^[\w.:/-]+$/.test(value) ? value : `"${value}"`);

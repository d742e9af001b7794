import type { Tree } from '@nx/devkit';
import type { DockerReleaseOptions } from '../../release/options';
import { hasReleaseWorkflow } from '../shared/release-workflow';
import type { OldWorkflow } from './old-workflow';

/** A target the generator wrote, with the options it translated (the login before a default took its place). */
export interface PlacedTarget {
  project: string;
  name: string;
  options: Partial<DockerReleaseOptions>;
}

/** The old workflow's part in the next steps, by what became of it. */
const OLD_WORKFLOW_STEP: Record<OldWorkflow['kind'], (line: string) => string> = {
  kept: (line) => `${line}; or run the generator again without --keepWorkflow`,
  edited: (line) => `review what is left of the old workflow, and commit it with the targets: ${line}`,
  deleted: (line) => `commit the old workflow's removal with the targets: ${line}`,
  unchanged: (line) => `the old workflow: ${line}`,
};

/**
 * What a team does after the conversion: the secrets the targets read, by exact name (variables
 * Actions sets itself need none), what became of the old workflow, the release workflow when
 * none is there yet, and a dry run of each target.
 */
export function fromWorkflowNextSteps(tree: Tree, placed: readonly PlacedTarget[], old: OldWorkflow): string[] {
  const logins = new Set<string>();
  const others = new Set<string>();
  for (const { options } of placed) {
    for (const login of [options.login ?? []].flat()) logins.add(login.usernameEnv).add(login.passwordEnv);
    for (const name of [...Object.values(options.secrets ?? {}), options.sign?.keyEnv, options.sign?.passwordEnv]) if (name) others.add(name);
  }
  const own = (name: string) => !name.startsWith('GITHUB_');
  const secrets = (names: Set<string>) => [...names].filter(own).join(', ');
  const steps: string[] = [];
  if (secrets(logins)) steps.push(`create the repository secrets ${secrets(logins)}: the converted login reads them (as environment variables of the same names in the release job)`);
  const rest = [...others].filter((n) => own(n) && !logins.has(n));
  if (rest.length) steps.push(`create the repository secrets ${rest.join(', ')}: the targets read them as build secrets or signing keys`);
  steps.push(OLD_WORKFLOW_STEP[old.kind](old.line));
  if (!hasReleaseWorkflow(tree)) steps.push('write the release workflow: nx g nx-docker-release:ci-workflow');
  for (const { project, name } of placed) steps.push(`see what a release would do: nx run ${project}:${name} --dryRun`);
  return steps;
}

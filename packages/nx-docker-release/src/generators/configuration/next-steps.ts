import type { ProjectConfiguration, Tree } from '@nx/devkit';
import type { DockerReleasePluginOptions } from '../../graph/plugin-options';
import type { LoginOptions } from '../../release/options';
import { DEFAULT_RELEASE_TAG_PATTERN } from '../../release/defaults';
import { hasReleaseWorkflow } from '../shared/release-workflow';

export interface ConfigurationOutcome {
  project: ProjectConfiguration;
  /** The Dockerfile the target builds, and whether this run wrote it from a template. */
  dockerfile: string;
  written: boolean;
  plugin: DockerReleasePluginOptions | undefined;
}

/** What a team does after configuring one project: read the Dockerfile, dry-run, credentials, CI, the first version tag. */
export function configurationNextSteps(tree: Tree, { project, dockerfile, written, plugin }: ConfigurationOutcome): string[] {
  const name = project.name ?? project.root;
  const options = (project.targets?.['release']?.options ?? {}) as { login?: LoginOptions | LoginOptions[]; releaseTagPattern?: string };
  const steps: string[] = [];
  if (written) steps.push(`read ${dockerfile}, written from a template: it is yours to change (base image, build steps)`);
  steps.push(`see what a release would do: nx run ${name}:release --dryRun`);
  const login = [options.login ?? plugin?.login ?? []].flat();
  if (login.length) {
    const names = [...new Set(login.flatMap((l) => [l.usernameEnv, l.passwordEnv]))].join(', ');
    steps.push(`set ${names} where the release runs (in CI, repository secrets of the same names)`);
  }
  if (!hasReleaseWorkflow(tree)) steps.push('write the release workflow: nx g nx-docker-release:ci-workflow');
  const pattern = options.releaseTagPattern ?? plugin?.releaseTagPattern ?? DEFAULT_RELEASE_TAG_PATTERN;
  steps.push(`release a version: push the git tag ${pattern.replace('{projectName}', name).replace('{version}', '1.0.0')} (its pattern: ${pattern}), or use nx release`);
  return steps;
}

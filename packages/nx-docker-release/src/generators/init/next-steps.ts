import type { Tree } from '@nx/devkit';
import type { DockerReleasePluginOptions } from '../../graph/plugin-options';
import { hasReleaseWorkflow } from '../shared/release-workflow';
import type { ImageProject } from './release-config';

export interface InitOutcome {
  targetName: string;
  /** The plugin entry's options as written. */
  defaults: DockerReleasePluginOptions;
  images: readonly ImageProject[];
  /** What became of the nx release configuration: written now, kept (nx.json had one), or not asked for. */
  release: 'written' | 'kept' | 'none';
  /** The owner of the origin remote, for the --registry example. */
  owner?: string;
}

/** What a team does after init: where images go, a target to release, the credentials, CI, the first release. */
export function initNextSteps(tree: Tree, outcome: InitOutcome): string[] {
  const { targetName, defaults, images } = outcome;
  const steps: string[] = [];
  if (!defaults.registry && !defaults.imageName) steps.push(`set where images go: nx g nx-docker-release:init --registry=ghcr.io/${outcome.owner ?? '<owner>'}`);
  if (images.length === 0) steps.push('give a service a release target: nx g nx-docker-release:configuration --project=<name>');
  else steps.push(`see what a release would do: nx run ${images[0]!.name}:${targetName} --dryRun${images.length > 1 ? ` (every image project: nx run-many -t ${targetName} --dryRun)` : ''}`);
  const login = [defaults.login ?? []].flat();
  if (login.length) {
    const names = [...new Set(login.flatMap((l) => [l.usernameEnv, l.passwordEnv]))].join(', ');
    steps.push(`set ${names} where the release runs: the default login reads them (in CI, repository secrets of the same names)`);
  }
  if (!hasReleaseWorkflow(tree)) steps.push('write the release workflow: nx g nx-docker-release:ci-workflow');
  if (outcome.release === 'written') {
    steps.push('first release: nx release --dry-run, then nx release (a project without a release tag starts from 0.0.0); then git push --follow-tags');
  } else if (outcome.release === 'kept') {
    steps.push('nx.json already had a release configuration, kept as it is: for a first nx release without tags, set release.version.fallbackCurrentVersionResolver to "disk"');
  } else {
    steps.push('to version the images with nx release (changelogs, git tags): nx g nx-docker-release:init --nxRelease');
  }
  return steps;
}

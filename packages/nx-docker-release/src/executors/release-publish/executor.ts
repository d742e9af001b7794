import type { ExecutorContext } from '@nx/devkit';
import { commitsOf } from '../../facts/git/git-revisions';
import { runProcess, type Runner } from '../../engine/runner';
import { createLogger, type Logger } from '../../log/redacting-logger';
import { versionPublish, type VersionPublish } from '../../release/publish-version';
import { ReleaseError } from '../../release/release-error';
import dockerReleaseExecutor, { type DockerReleaseOutput } from '../docker-release/executor';
import type { DockerReleaseOptions } from '../docker-release/schema';
import type { ReleasePublishOptions } from './schema';

import { RELEASE_EXECUTOR } from '../../release/names';

/**
 * `nx release publish` for an image project: the version `nx release version` chose becomes the
 * release tag the docker-release target sees (`ref: refs/tags/<pattern with the version>`), so its
 * tag rules (`type=semver`), promotion and reporting work as on a tag push. A project without a
 * new version publishes nothing. The tag pattern must be the one nx release tags git with.
 */
export default async function releasePublishExecutor(options: ReleasePublishOptions, context: ExecutorContext, log: Logger = createLogger(), run: Runner = runProcess): Promise<DockerReleaseOutput> {
  const project = context.projectName ?? '';
  const targetName = options.releaseTarget ?? 'release';
  const target = context.projectsConfigurations?.projects[project]?.targets?.[targetName];
  if (!target || target.executor !== RELEASE_EXECUTOR) {
    log.error(`releaseTarget: ${project} has no "${targetName}" target running ${RELEASE_EXECUTOR}`);
    return { success: false };
  }
  const version = options.nxReleaseVersionData?.[project]?.newVersion;
  if (!version) {
    log.info(`${project}: no new version from nx release: nothing to publish`);
    return { success: true };
  }
  let publish: VersionPublish;
  try {
    publish = versionPublish(
      project,
      targetName,
      (target.options ?? {}) as DockerReleaseOptions,
      version,
      options.nxReleaseVersionData?.[project]?.currentVersion ?? undefined,
      groupTagPattern(context, project),
    );
  } catch (err) {
    if (!(err instanceof ReleaseError)) throw err;
    log.error(err.message);
    return { success: false };
  }
  log.info(`${project}: nx release version ${version}, git tag ${publish.tag}`);
  const promoteFrom = await commitsOf(run, context.root, publish.promoteRevisions);
  return dockerReleaseExecutor(
    { ...publish.options, ...(promoteFrom.length ? { promoteFrom } : {}), ...(options.registry ? { registry: options.registry } : {}), ...(options.dryRun ? { dryRun: true } : {}) },
    { ...context, targetName },
    log,
  );
}

/** The releaseTag pattern nx release uses for the project's group ({projectName} filled in). */
function groupTagPattern(context: ExecutorContext, project: string): string | undefined {
  const release = context.nxJsonConfiguration?.release;
  if (!release) return undefined;
  const groups = (release.groups ?? {}) as Record<string, { projects: string | string[]; releaseTag?: { pattern?: string } }>;
  const group = Object.values(groups).find((g) => (Array.isArray(g.projects) ? g.projects : [g.projects]).includes(project));
  const pattern = group?.releaseTag?.pattern ?? release.releaseTag?.pattern;
  return pattern?.split('{projectName}').join(project);
}

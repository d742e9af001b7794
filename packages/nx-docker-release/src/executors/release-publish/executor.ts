import type { ExecutorContext } from '@nx/devkit';
import { execFileSync } from 'node:child_process';
import { createLogger, type Logger } from '../../log/redacting-logger';
import dockerReleaseExecutor, { type DockerReleaseOutput } from '../docker-release/executor';
import type { DockerReleaseOptions } from '../docker-release/schema';
import type { ReleasePublishOptions } from './schema';

const RELEASE_EXECUTOR = 'nx-docker-release:docker-release';

/**
 * `nx release publish` for an image project: the version `nx release version` chose becomes the
 * release tag the docker-release target sees (`ref: refs/tags/<pattern with the version>`), so its
 * tag rules (`type=semver`), promotion and reporting work as on a tag push. A project without a
 * new version publishes nothing. The tag pattern must be the one nx release tags git with.
 */
export default async function releasePublishExecutor(options: ReleasePublishOptions, context: ExecutorContext, log: Logger = createLogger()): Promise<DockerReleaseOutput> {
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
  const releaseOptions = { ...(target.options ?? {}) } as DockerReleaseOptions;
  const pattern = (releaseOptions.releaseTagPattern ?? '{version}').split('{projectName}').join(project);
  const gitPattern = groupTagPattern(context, project);
  if (gitPattern !== undefined && gitPattern !== pattern) {
    log.error(`releaseTagPattern: ${project}'s ${targetName} target expects tags "${pattern}" but nx release tags git with "${gitPattern}" (nx.json release); make them the same`);
    return { success: false };
  }
  const tag = pattern.split('{version}').join(version);
  log.info(`${project}: nx release version ${version}, git tag ${tag}`);
  // Images this version may name without a rebuild (each only when its content key matches):
  // HEAD's parent, the commit CI released when nx release commits a changelog, and the commit of
  // the previous version's tag, released with its sha tag (a version bumped by a dependency alone).
  const current = options.nxReleaseVersionData?.[project]?.currentVersion;
  const promoteFrom = releaseOptions.promoteFrom ?? [...new Set([commitOf(context.root, 'HEAD^'), current ? commitOf(context.root, `refs/tags/${pattern.split('{version}').join(current)}^{commit}`) : undefined].filter((c): c is string => c !== undefined))];
  return dockerReleaseExecutor(
    { ...releaseOptions, ref: `refs/tags/${tag}`, ...(promoteFrom.length ? { promoteFrom } : {}), ...(options.registry ? { registry: options.registry } : {}), ...(options.dryRun ? { dryRun: true } : {}) },
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

/** The commit a revision names, or undefined (none, or not a git work tree). */
function commitOf(root: string, revision: string): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--verify', '--quiet', revision], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined;
  }
}

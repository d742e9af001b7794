import { getProjects, joinPathFragments, type ProjectConfiguration, type TargetConfiguration, type Tree } from '@nx/devkit';
import type { DockerReleasePluginOptions } from '../../graph/plugin-options';
import { MetadataError } from '../../metadata/metadata-error';
import { sharedReleaseTag, type ProjectTagPattern } from '../../metadata/release-tag-overlap';
import { DEFAULT_RELEASE_TAG_PATTERN } from '../../release/defaults';
import { GeneratorOptionError } from './option-error';
import { RELEASE_EXECUTOR } from './plugin-package';

/** The default pattern of a workspace with more than one release target: no tag names two projects. */
export const PROJECT_RELEASE_TAG_PATTERN = '{projectName}@{version}';

/**
 * The release tag pattern of every release target in the workspace: configured ones (their own
 * pattern, else the plugin's, else `{version}`) and, with the plugin registered, the inferred one
 * of each project with a root Dockerfile and no configured release target (with the options
 * project.json gives it under the target name).
 */
export function workspaceReleasePatterns(tree: Tree, plugin: DockerReleasePluginOptions | undefined): ProjectTagPattern[] {
  const found: ProjectTagPattern[] = [];
  const fallback = plugin?.releaseTagPattern ?? DEFAULT_RELEASE_TAG_PATTERN;
  for (const [project, config] of [...getProjects(tree)].sort(([a], [b]) => a.localeCompare(b))) {
    const targets = Object.values(config.targets ?? {}).filter((t) => t.executor === RELEASE_EXECUTOR);
    const patterns = targets.map((t) => own(t) ?? fallback);
    if (targets.length === 0 && plugin && tree.exists(joinPathFragments(config.root, 'Dockerfile'))) patterns.push(inferredPattern(config, plugin));
    for (const pattern of new Set(patterns)) found.push({ project, pattern });
  }
  return found;
}

/** An inferred target's pattern: project.json may set its options under the target name, without an executor. */
export function inferredPattern(config: ProjectConfiguration, plugin: DockerReleasePluginOptions): string {
  const inferred = config.targets?.[plugin.targetName ?? 'release'];
  return (inferred?.executor === undefined ? own(inferred) : undefined) ?? plugin.releaseTagPattern ?? DEFAULT_RELEASE_TAG_PATTERN;
}

function own(target: TargetConfiguration | undefined): string | undefined {
  return (target?.options as { releaseTagPattern?: string } | undefined)?.releaseTagPattern;
}

/**
 * Refuses two release targets of different projects whose patterns can name the same git tag (one
 * tag would release both), in one line naming both; with `project`, only pairs that involve it (named first).
 */
export function refuseSharedReleaseTags(patterns: readonly ProjectTagPattern[], project?: string): void {
  for (const [i, a] of patterns.entries()) {
    for (const b of patterns.slice(i + 1)) {
      if (a.project === b.project || (project !== undefined && a.project !== project && b.project !== project)) continue;
      const tag = tagOfBoth(a, b);
      if (tag !== undefined) {
        const [first, second] = b.project === project ? [b, a] : [a, b];
        throw new GeneratorOptionError(
          'releaseTagPattern',
          `${first.project} ("${first.pattern}") and ${second.project} ("${second.pattern}") can both be released by one git tag (e.g. ${tag}); give each project a pattern of its own, e.g. "${PROJECT_RELEASE_TAG_PATTERN}"`,
        );
      }
    }
  }
}

/** A tag both patterns match, if any; none when one is malformed (refused where it is set). */
export function tagOfBoth(a: ProjectTagPattern, b: ProjectTagPattern): string | undefined {
  try {
    return sharedReleaseTag(a, b);
  } catch (err) {
    if (err instanceof MetadataError) return undefined;
    throw err;
  }
}

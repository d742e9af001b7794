import type { NxJsonConfiguration, ProjectConfiguration } from '@nx/devkit';
import type { ProjectTagPattern } from '../../metadata/release-tag-overlap';
import { DEFAULT_RELEASE_TAG_PATTERN } from '../../release/defaults';
import { RELEASE_EXECUTOR } from '../../release/names';
import type { DockerReleaseOptions } from '../../release/options';
import { withPluginDefaults } from './plugin-defaults';

/**
 * The release tag pattern of every other project's release target (inferred or configured, the
 * plugin's nx.json defaults applied as for this one), so a tag that releases this project can say
 * which others it releases too, and a tag this project skips can say whose it is.
 */
export function otherReleasePatterns(projects: Record<string, ProjectConfiguration>, nxJson: NxJsonConfiguration | undefined, self: string): ProjectTagPattern[] {
  const found: ProjectTagPattern[] = [];
  for (const [project, config] of Object.entries(projects).sort(([a], [b]) => a.localeCompare(b))) {
    if (project === self) continue;
    for (const target of Object.values(config.targets ?? {})) {
      if (target.executor !== RELEASE_EXECUTOR) continue;
      const options = withPluginDefaults((target.options ?? {}) as DockerReleaseOptions, nxJson, project);
      const pattern = options.releaseTagPattern ?? DEFAULT_RELEASE_TAG_PATTERN;
      if (!found.some((f) => f.project === project && f.pattern === pattern)) found.push({ project, pattern });
    }
  }
  return found;
}

import { getProjects, joinPathFragments, readProjectConfiguration, type NxJsonConfiguration, type Tree } from '@nx/devkit';
import { localPluginProject, RELEASE_EXECUTOR } from '../shared/plugin-package';

type ReleaseConfig = NonNullable<NxJsonConfiguration['release']>;

/**
 * `nx release` for the image projects: independent versions from git tags (conventional commits,
 * this plugin's version actions: no manifest written), one group per release tag pattern, taken
 * from each project's release target (or the plugin default), so git tags and image tags follow
 * one pattern. No changelog, commit or push unless the user turns them on. Returns warnings.
 */
export function releaseConfig(tree: Tree, pluginPattern: string | undefined, targetName: string): { release: ReleaseConfig; warnings: string[] } {
  const byPattern = new Map<string, string[]>();
  for (const [name, project] of [...getProjects(tree)].sort(([a], [b]) => a.localeCompare(b))) {
    const target = project.targets?.[targetName];
    const isImage = target?.executor === RELEASE_EXECUTOR || (target === undefined && tree.exists(joinPathFragments(project.root, 'Dockerfile')));
    if (!isImage) continue;
    const pattern = (target?.options as { releaseTagPattern?: string } | undefined)?.releaseTagPattern ?? pluginPattern ?? '{version}';
    byPattern.set(pattern, [...(byPattern.get(pattern) ?? []), name]);
  }
  const warnings: string[] = [];
  const groups: Record<string, { projects: string[]; projectsRelationship: 'independent'; releaseTag: { pattern: string } }> = {};
  [...byPattern].forEach(([pattern, projects], i) => {
    if (!pattern.includes('{projectName}') && projects.length > 1) {
      warnings.push(`${projects.join(', ')} share the release tag pattern "${pattern}": nx release would give them one git tag per version; set releaseTagPattern "{projectName}@{version}" on all but one`);
    }
    groups[byPattern.size === 1 ? 'images' : `images-${i + 1}`] = { projects, projectsRelationship: 'independent', releaseTag: { pattern } };
  });
  const local = localPluginProject(tree);
  const versionActions = local ? joinPathFragments(readProjectConfiguration(tree, local).root, 'version-actions.ts') : 'nx-docker-release/version-actions';
  return {
    release: {
      groups,
      version: { conventionalCommits: true, versionActions },
      changelog: { workspaceChangelog: false, projectChangelogs: false },
      git: { commit: false, tag: true, push: false },
    } as ReleaseConfig,
    warnings,
  };
}

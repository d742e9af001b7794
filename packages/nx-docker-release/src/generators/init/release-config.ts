import dockerignore from '@balena/dockerignore';
import { getProjects, joinPathFragments, readProjectConfiguration, type NxJsonConfiguration, type Tree } from '@nx/devkit';
import { posix } from 'node:path';
import { localPluginProject, RELEASE_EXECUTOR } from '../shared/plugin-package';
import { DEFAULT_RELEASE_TAG_PATTERN } from '../../release/defaults';

type ReleaseConfig = NonNullable<NxJsonConfiguration['release']>;

/**
 * `nx release` for the image projects: independent versions from git tags (conventional commits,
 * this plugin's version actions: no manifest written), one group per release tag pattern, taken
 * from each project's release target (or the plugin default), so git tags and image tags follow
 * one pattern; a project without a release tag yet starts from 0.0.0. A changelog per project,
 * committed and tagged by nx release; nothing pushed. Returns the image projects too (with their
 * build context and Dockerfile).
 */
export function releaseConfig(tree: Tree, pluginPattern: string | undefined, targetName: string): { release: ReleaseConfig; images: ImageProject[] } {
  const byPattern = new Map<string, string[]>();
  const images = imageProjects(tree, targetName);
  for (const image of images) {
    const pattern = image.releaseTagPattern ?? pluginPattern ?? DEFAULT_RELEASE_TAG_PATTERN;
    byPattern.set(pattern, [...(byPattern.get(pattern) ?? []), image.name]);
  }
  // Two projects on one pattern without {projectName} never get here: the generator refused them.
  const groups: Record<string, { projects: string[]; projectsRelationship: 'independent'; releaseTag: { pattern: string } }> = {};
  [...byPattern].forEach(([pattern, projects], i) => {
    groups[byPattern.size === 1 ? 'images' : `images-${i + 1}`] = { projects, projectsRelationship: 'independent', releaseTag: { pattern } };
  });
  const local = localPluginProject(tree);
  const versionActions = local ? joinPathFragments(readProjectConfiguration(tree, local).root, 'version-actions.ts') : 'nx-docker-release/version-actions';
  return {
    release: {
      groups,
      // No release tag yet: start from 0.0.0 (the version actions' "disk" answer) instead of failing.
      version: { conventionalCommits: true, versionActions, fallbackCurrentVersionResolver: 'disk' },
      changelog: { workspaceChangelog: false, projectChangelogs: true, automaticFromRef: true },
      git: { commit: true, tag: true, push: false },
    } as ReleaseConfig,
    images,
  };
}

export interface ImageProject {
  name: string;
  root: string;
  context: string;
  file: string;
  /** The release target's own pattern, when it sets one. */
  releaseTagPattern?: string;
}

/** The projects that release an image: a release target of this plugin, or a Dockerfile at the root (an inferred one), by name. */
export function imageProjects(tree: Tree, targetName: string): ImageProject[] {
  const images: ImageProject[] = [];
  for (const [name, project] of [...getProjects(tree)].sort(([a], [b]) => a.localeCompare(b))) {
    const target = project.targets?.[targetName];
    const isImage = target?.executor === RELEASE_EXECUTOR || (target === undefined && tree.exists(joinPathFragments(project.root, 'Dockerfile')));
    if (!isImage) continue;
    const options = (target?.options ?? {}) as { context?: string; file?: string; releaseTagPattern?: string };
    const context = options.context ?? project.root;
    images.push({
      name,
      root: project.root,
      context,
      file: options.file ?? joinPathFragments(context, 'Dockerfile'),
      ...(options.releaseTagPattern ? { releaseTagPattern: options.releaseTagPattern } : {}),
    });
  }
  return images;
}

/**
 * Keeps each image project's CHANGELOG.md out of its build context (the Dockerfile's own
 * `<file>.dockerignore` when it has one, else the context's `.dockerignore`), so a release commit
 * that only writes the changelog has the content key of the commit CI released, whose image is
 * then promoted rather than rebuilt. Returns the files changed.
 */
export function ignoreChangelogs(tree: Tree, images: readonly ImageProject[]): string[] {
  const changed: string[] = [];
  for (const image of images) {
    const changelog = posix.relative(posix.normalize(image.context), joinPathFragments(image.root, 'CHANGELOG.md'));
    if (changelog.startsWith('..')) continue; // not in the build context
    const own = `${image.file}.dockerignore`;
    const file = tree.exists(own) ? own : joinPathFragments(image.context, '.dockerignore');
    const text = tree.read(file, 'utf8') ?? '';
    if (dockerignore({ ignorecase: false }).add(text.split(/\r?\n/)).ignores(changelog)) continue;
    tree.write(file, `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}# nx release writes the changelog; it is no image input\n${changelog}\n`);
    changed.push(file);
  }
  return changed;
}

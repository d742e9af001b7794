import type { DockerReleaseOptions } from './options';
import { ReleaseError } from './release-error';
import { DEFAULT_RELEASE_TAG_PATTERN } from './defaults';

export interface VersionPublish {
  /** The git tag nx release makes for the version, e.g. notifier@0.2.0. */
  tag: string;
  /** Revisions whose images this version may name without a rebuild (content key permitting). */
  promoteRevisions: string[];
  /** The release target's options for a run on that tag; `promoteFrom` filled by the caller. */
  options: DockerReleaseOptions;
}

/**
 * What `nx release publish` of an image project runs: the release target's options on the tag
 * of the version nx release chose. The target's tag pattern must be the one nx release tags git
 * with (one pattern, checked). Images it may promote: HEAD's parent (the commit CI released, when
 * nx release committed a changelog) and the previous version's tag commit (released with its sha
 * tag; a version bumped by a dependency alone names the same image).
 */
export function versionPublish(project: string, targetName: string, target: DockerReleaseOptions, version: string, currentVersion: string | undefined, gitPattern: string | undefined): VersionPublish {
  const pattern = (target.releaseTagPattern ?? DEFAULT_RELEASE_TAG_PATTERN).split('{projectName}').join(project);
  if (gitPattern !== undefined && gitPattern !== pattern) {
    throw new ReleaseError(`releaseTagPattern: ${project}'s ${targetName} target expects tags "${pattern}" but nx release tags git with "${gitPattern}" (nx.json release); make them the same`);
  }
  const tagOf = (v: string): string => pattern.split('{version}').join(v);
  const tag = tagOf(version);
  return {
    tag,
    promoteRevisions: target.promoteFrom ? [] : ['HEAD^', ...(currentVersion ? [`refs/tags/${tagOf(currentVersion)}^{commit}`] : [])],
    options: { ...target, ref: `refs/tags/${tag}` },
  };
}

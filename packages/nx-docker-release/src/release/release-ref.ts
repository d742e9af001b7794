import { MetadataError } from '../metadata/metadata-error';
import type { ProjectTagPattern } from '../metadata/release-tag-overlap';
import { matchReleaseTag } from '../metadata/release-tag-pattern';
import type { GitContext } from './git-context';

/**
 * `ref`: what the metadata rules see; `githubRef`: the ref a workflow would see (`github.ref`), the tag as pushed.
 * `alsoReleases`: the other projects whose pattern the release tag matches as well.
 */
export type RefDecision = { kind: 'release'; ref: string; githubRef: string; alsoReleases?: ProjectTagPattern[] } | { kind: 'skip'; reason: string };

/**
 * Maps the commit's ref onto this project. A tag ref must match the project's release tag
 * pattern. A version tag (`1.2.3`, `v1.2.3`) reaches the metadata rules as pushed, so
 * `type=ref,event=tag` and `{{raw}}` give what upstream gives; any other tag (backend@1.2.3, also
 * after Nx wrote the project name into the pattern) is cut to its version: `@` is no tag character.
 * On a branch, a matching tag that points at the commit turns the run into that tag's release
 * (a local run on a freshly tagged commit behaves like the tag push would). A tag releases exactly
 * the projects whose pattern it matches: `others` (the workspace's other release targets) only
 * name them in the decision.
 */
export function decideReleaseRef(git: GitContext, pattern: string, projectName: string, others: readonly ProjectTagPattern[] = []): RefDecision {
  const tagPrefix = 'refs/tags/';
  // A tag ref (CI, or the ref option: nx release publish names the tag it made) comes first.
  const fromRef = git.ref.startsWith(tagPrefix) ? [git.ref.slice(tagPrefix.length)] : [];
  const candidates = git.provider === 'git' ? [...fromRef, ...(git.tagsAtCommit ?? []).filter((t) => !fromRef.includes(t))] : fromRef;
  for (const tag of candidates) {
    const match = matchReleaseTag(pattern, tag, projectName);
    if (!match) continue;
    // A version tag as upstream reads it (`1.2.3`, `v1.2.3`) stays whole; a project tag is cut.
    const whole = tag === match.version || tag === `v${match.version}`;
    const alsoReleases = others.filter((other) => matches(other, tag));
    return { kind: 'release', ref: `${tagPrefix}${whole ? tag : match.version}`, githubRef: `${tagPrefix}${tag}`, ...(alsoReleases.length ? { alsoReleases } : {}) };
  }
  if (git.ref.startsWith(tagPrefix)) {
    const tags = candidates.length ? candidates.join(', ') : git.ref.slice(tagPrefix.length);
    const owners = others.filter((other) => candidates.some((tag) => matches(other, tag)));
    return {
      kind: 'skip',
      reason: `tag ${tags} does not match releaseTagPattern "${pattern}" of project ${projectName}${owners.length ? `; it releases ${listPatterns(owners)}` : ''}`,
    };
  }
  return { kind: 'release', ref: git.ref, githubRef: git.ref };
}

/** `api ("v{version}"), web ("{version}")` */
export function listPatterns(projects: readonly ProjectTagPattern[]): string {
  return projects.map((p) => `${p.project} ("${p.pattern}")`).join(', ');
}

/** Another project's malformed pattern is its own run's error, not this one's. */
function matches(other: ProjectTagPattern, tag: string): boolean {
  try {
    return matchReleaseTag(other.pattern, tag, other.project) !== null;
  } catch (err) {
    if (err instanceof MetadataError) return false;
    throw err;
  }
}

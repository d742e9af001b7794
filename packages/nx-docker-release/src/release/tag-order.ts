/**
 * Which tags may move, and where two runs meet. Pure: the registry and git answers come in as values.
 *
 * - The immutable reference (`sha-<commit>`) and version tags name one build; floating tags
 *   (`latest`, a branch, `pr-12`) follow the newest commit and must never go back to an older one.
 * - Two runs of one commit make two images with one content key; the run that finds the other's
 *   image under the commit's tags adopts it, so every tag of the commit names one digest.
 */

export const REVISION_LABEL = 'org.opencontainers.image.revision';
export const CREATED_LABEL = 'org.opencontainers.image.created';

/** A version tag (`1.2.3`, `v1.2`, `2.0.0-rc.1`): what `immutableTags` guards. */
export function isVersionTag(tag: string): boolean {
  return /^v?\d+(\.\d+){0,2}([-+].*)?$/.test(tag);
}

/** A tag that follows the newest commit: not the commit's immutable reference, not a version, not named after the commit. */
export function isFloatingTag(tag: string, primaryTag: string, sha: string): boolean {
  if (tag === primaryTag || isVersionTag(tag)) return false;
  const short = sha.slice(0, 7);
  return !(short.length === 7 && tag.includes(short));
}

/** How the commit an image was built from relates to this run's: git's answer, when history knows both. */
export type CommitRelation = 'same' | 'theirs-newer' | 'theirs-older' | 'diverged' | 'unknown';

export interface BuiltFrom {
  /** `org.opencontainers.image.revision` (a `-dirty` suffix is ignored). */
  revision?: string;
  /** `org.opencontainers.image.created`, ISO 8601. */
  created?: string;
}

export type MoveDecision = { move: true } | { move: false; reason: string };

/**
 * Whether a floating tag may leave the image it holds for this run's. Git ancestry decides when it
 * knows both commits; otherwise (a shallow clone, a force-push) the creation times do. An image
 * with neither label is not one to judge: the tag moves.
 */
export function floatingTagMove(tag: string, ours: BuiltFrom, theirs: BuiltFrom, relation: CommitRelation): MoveDecision {
  const rev = commitOf(theirs.revision);
  if (relation === 'theirs-newer')
    return { move: false, reason: `kept: ${tag} holds an image of ${short(rev)}, a later commit than ${short(commitOf(ours.revision))} (rewindFloatingTags moves it anyway)` };
  if (relation === 'same' || relation === 'theirs-older') return { move: true };
  const [mine, other] = [Date.parse(ours.created ?? ''), Date.parse(theirs.created ?? '')];
  if (Number.isNaN(mine) || Number.isNaN(other) || other <= mine) return { move: true };
  return {
    move: false,
    reason: `kept: ${tag} holds an image built ${theirs.created}${rev ? ` from ${short(rev)}` : ''}, later than this run's (${ours.created}); git history does not order the commits (rewindFloatingTags moves it anyway)`,
  };
}

/** The commit of a revision label (`<sha>` or `<sha>-dirty`), or undefined. */
export function commitOf(revision: string | undefined): string | undefined {
  const sha = revision?.replace(/-dirty$/, '');
  return sha && /^[0-9a-f]{7,64}$/.test(sha) ? sha : undefined;
}

function short(sha: string | undefined): string {
  return sha ? sha.slice(0, 12) : 'an unknown commit';
}

/** The line a tag gets when, read back after the run put it, it names another image. */
export function movedByAnotherRun(tag: string, digest: string): string {
  return `moved-by-another-run: ${tag} now holds ${digest}`;
}

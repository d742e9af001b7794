import type { CommitRelation } from '../release/tag-order';
import type { Runner } from './runner';

/** How another image's commit relates to this run's, asked of the workspace's git history. */
export type CommitRelationOf = (ours: string, theirs: string) => Promise<CommitRelation>;

/**
 * `git merge-base --is-ancestor` both ways: exit 0 yes, 1 no, anything else (a commit the
 * clone does not have, as in a shallow CI checkout; no git at all) leaves the order unknown.
 */
export function gitCommitRelation(run: Runner, cwd: string, env: Record<string, string | undefined>): CommitRelationOf {
  const isAncestor = async (a: string, b: string): Promise<boolean | undefined> => {
    try {
      const res = await run('git', ['merge-base', '--is-ancestor', a, b], { cwd, env });
      return res.exitCode === 0 ? true : res.exitCode === 1 ? false : undefined;
    } catch {
      return undefined;
    }
  };
  return async (ours, theirs) => {
    if (ours === theirs) return 'same';
    const theirsNewer = await isAncestor(ours, theirs);
    if (theirsNewer === undefined) return 'unknown';
    if (theirsNewer) return 'theirs-newer';
    const theirsOlder = await isAncestor(theirs, ours);
    return theirsOlder === undefined ? 'unknown' : theirsOlder ? 'theirs-older' : 'diverged';
  };
}

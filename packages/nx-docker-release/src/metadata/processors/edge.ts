import { attr, isBranchRef, type TagProcessor } from './processor';

/**
 * `type=edge` (`meta.ts › procEdge`): `edge` on the named branch, or, when `branch` is empty,
 * on the REST repo's default branch (not the webhook payload's, observed docker/metadata-action behaviour, pinned in metadata/behaviour.spec.ts).
 */
export const procEdge: TagProcessor = (entry, pe) => {
  if (!isBranchRef(pe.ctx.ref)) {
    return undefined;
  }
  const branch = pe.ctx.ref.replace(/^refs\/heads\//, '');
  const wanted = attr(entry, 'branch') || pe.repo?.default_branch;
  return wanted === branch ? { value: 'edge', autoLatest: false } : undefined;
};

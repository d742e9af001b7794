import { attr, isBranchRef, isTagRef, type TagProcessor } from './processor';

/**
 * `type=ref` (`meta.ts › procRefBranch/procRefTag/procRefPr`). Any tag name proposes latest
 * (`sometag` included, observed docker/metadata-action behaviour, pinned in metadata/behaviour.spec.ts); `refs/pull/15/merge` gives `15`.
 */
export const procRef: TagProcessor = (entry, pe) => {
  const { ref } = pe.ctx;
  switch (attr(entry, 'event')) {
    case 'branch':
      return isBranchRef(ref) ? { value: ref.replace(/^refs\/heads\//, ''), autoLatest: false } : undefined;
    case 'tag':
      return isTagRef(ref) ? { value: ref.replace(/^refs\/tags\//, ''), autoLatest: true } : undefined;
    case 'pr':
      return ref.startsWith('refs/pull/') ? { value: ref.replace(/^refs\/pull\//, '').replace(/\/merge$/, ''), autoLatest: false } : undefined;
    default:
      return undefined;
  }
};

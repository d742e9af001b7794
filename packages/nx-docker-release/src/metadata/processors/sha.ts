import { shortSha } from '../short-sha';
import { attr, type TagProcessor } from './processor';

/** `type=sha` (`meta.ts › procSha`): short (default) or long commit sha; nothing without a sha. */
export const procSha: TagProcessor = (entry, pe) => {
  const { sha } = pe.ctx;
  if (sha.length === 0) {
    return undefined;
  }
  const value = attr(entry, 'format') === 'short' ? shortSha(sha, pe.env) : sha;
  return { value, autoLatest: false };
};

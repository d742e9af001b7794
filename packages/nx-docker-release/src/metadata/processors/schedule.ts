import { dateHelper } from '../date-helper';
import { renderTemplate } from '../template';
import { attr, type TagProcessor } from './processor';

/**
 * `type=schedule` (`meta.ts › procSchedule`): only on events whose name contains `schedule`.
 * The pattern sees only the date helpers, so `{{branch}}` renders '' here.
 */
export const procSchedule: TagProcessor = (entry, pe) => {
  if (!/schedule/.test(pe.ctx.eventName)) {
    return undefined;
  }
  const scope = {
    date: dateHelper('date', pe.now),
    commit_date: dateHelper('commit_date', pe.ctx.commitDate),
  };
  return { value: renderTemplate(attr(entry, 'pattern'), scope), autoLatest: false };
};

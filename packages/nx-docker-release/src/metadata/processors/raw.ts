import { attr, type TagProcessor } from './processor';

/** `type=raw` (`meta.ts › procRaw`): the rendered `value`, on every event. */
export const procRaw: TagProcessor = (entry, pe) => ({
  value: pe.render(attr(entry, 'value')),
  autoLatest: false,
});

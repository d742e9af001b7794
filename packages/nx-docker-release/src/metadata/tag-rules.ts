import { parseTagEntry, type TagEntry } from './tag-entry';

/** What upstream evaluates when the `tags` input is empty (`tag.ts › Transform`). */
export const DEFAULT_TAG_RULES: readonly string[] = ['type=schedule', 'type=ref,event=branch', 'type=ref,event=tag', 'type=ref,event=pr'];

/**
 * Parses every entry and orders them by numeric priority, highest first. Array#sort is stable,
 * so ties keep input order; a non-numeric priority yields NaN comparisons and whatever order V8
 * produces, which is also what upstream gets (docker/metadata-action `src/tag.ts › Parse`, flagged non-normative).
 */
export function parseTagRules(tags: readonly string[]): TagEntry[] {
  const sources = tags.length === 0 ? DEFAULT_TAG_RULES : tags;
  const entries = sources.map(parseTagEntry);
  return entries.sort((a, b) => Number(b.attrs['priority']) - Number(a.attrs['priority']));
}

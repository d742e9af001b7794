import type { Translation } from './translation';

/** GitHub tag filters that mean "a version number", with the release tag pattern they become. */
const KNOWN: [RegExp, string][] = [
  [/^(\*|\*\.\*\.\*|\*\.\*|\[0-9\]\+\.\[0-9\]\+\.\[0-9\]\+\*?)$/, '{version}'],
  [/^v(\*|\*\.\*\.\*|\*\.\*|\[0-9\]\+\.\[0-9\]\+\.\[0-9\]\+\*?)$/, 'v{version}'],
];

/** What a filter or trigger that takes any tag is told: the pattern takes one form. */
const EITHER_FORM = 'releaseTagPattern "{version}" (the default) releases bare versions (1.2.3) only; set "v{version}" if your tags start with v';

/**
 * `on.push.tags` of the workflow as the executor's releaseTagPattern, so that the same tags
 * release the project. Undefined when the workflow has no tag trigger or an unknown filter. A
 * filter or release trigger that takes any tag is noted: a pattern takes `1.2.3` or `v1.2.3`.
 */
export function releaseTagPattern(on: unknown, t: Translation): string | undefined {
  const triggers = typeof on === 'object' && on !== null ? (on as Record<string, unknown>) : {};
  const push = triggers['push'];
  const raw = typeof push === 'object' && push !== null ? (push as Record<string, unknown>)['tags'] : undefined;
  const filters = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(String);
  const patterns = new Set<string>();
  for (const filter of filters) {
    const known = KNOWN.find(([re]) => re.test(filter));
    if (known) patterns.add(known[1]);
    else t.untranslated.push(`on.push.tags: "${filter}" has no releaseTagPattern equivalent; set releaseTagPattern by hand`);
    if (filter === '*' || filter === '**') t.warnings.push(`on.push.tags: "${filter}" takes any tag; ${EITHER_FORM}`);
  }
  if ('release' in triggers && filters.length === 0) t.warnings.push(`on.release: the release's tag must match the release tag pattern; ${EITHER_FORM}`);
  if (patterns.size > 1) t.untranslated.push(`on.push.tags: several tag styles (${[...patterns].join(', ')}); only ${[...patterns][0]} is kept`);
  return [...patterns][0];
}

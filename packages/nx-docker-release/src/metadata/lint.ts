import { computeMetadataDetailed } from './compute-metadata';
import { parseFirstRecord } from './csv-record';
import { MetadataError } from './metadata-error';
import { parseTagEntry, type TagEntry, type TagType } from './tag-entry';

/** Keys each type reads (`meta.ts › proc*`); anything else upstream stores and never looks at. */
const COMMON_KEYS = ['enable', 'priority', 'prefix', 'suffix'];
const KEYS_BY_TYPE: Readonly<Record<TagType, readonly string[]>> = {
  schedule: ['pattern'],
  semver: ['pattern', 'value', 'match'],
  pep440: ['pattern', 'value', 'match'],
  match: ['pattern', 'group', 'value'],
  edge: ['branch'],
  ref: ['event'],
  raw: ['value'],
  sha: ['format'],
};
const AUTO_LATEST_TYPES: readonly TagType[] = ['semver', 'pep440', 'match'];

/**
 * Warnings for tag/flavor configurations upstream accepts silently but which rarely do what
 * their author meant (upstream's silently ignored inputs and surprises, pinned in metadata/behaviour.spec.ts). Entries that do not parse are left to
 * computeMetadata, which reports them as errors.
 */
export function lintTagRules(tags: readonly string[], flavor: readonly string[]): string[] {
  const entries = tags.flatMap((source) => tryParse(source) ?? []);
  const warnings = entries.flatMap(lintEntry);
  const rawLatest = entries.filter(isUnconditionalRawLatest);
  warnings.push(...rawLatest.map(rawLatestWarning));
  if (rawLatest.length > 0 && entries.some(proposesLatest) && latestMode(flavor) === 'auto') {
    warnings.push(`tags: a raw "latest" rule plus the automatic latest of ${autoLatestNames(entries)} yields "latest" twice on release tags (upstream does not de-duplicate)`);
  }
  warnings.push(...flavor.flatMap(lintFlavorLine));
  const typos = new Set(entries.filter((e) => unknownTemplateNames(e).length > 0).map((e) => e.source));
  warnings.push(
    ...emptyOnReleaseTag(tags, flavor)
      .filter((w) => !typos.has(w.source))
      .map((w) => w.message),
  );
  return warnings;
}

/** The version a release tag carries in the rehearsal below (what `{version}` of any pattern yields). */
const SAMPLE_VERSION = '1.2.3';

/**
 * Rules that are enabled on a release tag yet render an empty tag there, so upstream skips them
 * without a word (`type=raw,value={{branch}}`: a tag push has no branch). Found by running the
 * rules on a rehearsed tag push of 1.2.3; rules that do not parse or whose enable= is invalid are
 * computeMetadata's to report.
 */
function emptyOnReleaseTag(tags: readonly string[], flavor: readonly string[]): Array<{ source: string; message: string }> {
  let empty: string[];
  try {
    empty = computeMetadataDetailed({
      context: { eventName: 'push', ref: `refs/tags/${SAMPLE_VERSION}`, sha: '0'.repeat(40), payload: {} },
      images: [],
      tags: [...tags],
      flavor: [...flavor],
      labels: [],
      annotations: [],
      now: new Date(0),
    }).version.empty;
  } catch (err) {
    if (err instanceof MetadataError) return [];
    throw err;
  }
  return empty.map((source) => ({
    source,
    message: `tags "${source}": renders an empty tag on a release tag (rehearsed on ${SAMPLE_VERSION}), so it adds no tag to a release`,
  }));
}

/** Tags that occur more than once in a computed list, each named once, in first-repeat order. */
export function duplicateTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const tag of tags) {
    if (seen.has(tag)) {
      duplicates.add(tag);
    }
    seen.add(tag);
  }
  return [...duplicates];
}

/** What upstream's templates can name: the global scope, plus the version parts in semver/pep440 patterns. */
const GLOBAL_NAMES = ['branch', 'tag', 'sha', 'base_ref', 'is_default_branch', 'is_not_default_branch', 'date', 'commit_date'];
const VERSION_NAMES = ['raw', 'version', 'major', 'minor', 'patch'];
const HANDLEBARS_WORDS = ['else', 'this'];

/**
 * `{{verison}}` renders as nothing upstream, so a typo silently drops or changes tags: name every
 * template variable metadata-action does not know, with the ones it does.
 */
function unknownTemplateNames(entry: TagEntry): string[] {
  const versioned = entry.type === 'semver' || entry.type === 'pep440';
  const fields = ['value', 'prefix', 'suffix', 'enable', 'branch', ...(versioned ? ['pattern'] : [])];
  const warnings: string[] = [];
  for (const field of fields) {
    const text = entry.attrs[field];
    if (!text) continue;
    const known = field === 'pattern' ? [...VERSION_NAMES, ...GLOBAL_NAMES] : GLOBAL_NAMES;
    for (const [, name] of text.matchAll(/\{\{~?\s*([A-Za-z_][\w.]*)/g)) {
      if (known.includes(name) || HANDLEBARS_WORDS.includes(name)) continue;
      warnings.push(`tags "${entry.source}": {{${name}}} in ${field}= is not a template variable upstream knows, so it renders empty (known here: ${known.join(', ')})`);
    }
  }
  return warnings;
}

function tryParse(source: string): TagEntry | undefined {
  try {
    return parseTagEntry(source);
  } catch (err) {
    if (err instanceof MetadataError) {
      return undefined;
    }
    throw err;
  }
}

function lintEntry(entry: TagEntry): string[] {
  const warnings: string[] = [];
  const known = [...COMMON_KEYS, ...KEYS_BY_TYPE[entry.type]];
  for (const key of entry.givenKeys.filter((k) => !known.includes(k))) {
    const why =
      key === 'event' ? 'upstream reads event= only on type=ref; use enable= (e.g. enable={{is_default_branch}}) to make a rule conditional' : `type=${entry.type} reads only ${known.join(', ')}`;
    warnings.push(`tags "${entry.source}": ${key}= has no effect (${why})`);
  }
  warnings.push(...unknownTemplateNames(entry));
  if (Number.isNaN(Number(entry.attrs['priority']))) {
    warnings.push(`tags "${entry.source}": priority=${entry.attrs['priority'] ?? ''} is not a number, so the rule order is undefined`);
  }
  return warnings;
}

function isUnconditionalRawLatest(entry: TagEntry): boolean {
  return entry.type === 'raw' && entry.attrs['value'] === 'latest' && !entry.givenKeys.includes('enable');
}

function rawLatestWarning(entry: TagEntry): string {
  return `tags "${entry.source}": tags every build "latest", pull requests and prereleases included; add enable={{is_default_branch}} or rely on the automatic latest of type=semver`;
}

function proposesLatest(entry: TagEntry): boolean {
  return AUTO_LATEST_TYPES.includes(entry.type) || (entry.type === 'ref' && entry.attrs['event'] === 'tag');
}

function autoLatestNames(entries: readonly TagEntry[]): string {
  return [...new Set(entries.filter(proposesLatest).map((e) => (e.type === 'ref' ? 'type=ref,event=tag' : `type=${e.type}`)))].join(', ');
}

/** The effective `latest=` flavor (last one wins; bad values are computeMetadata's to report). */
function latestMode(flavor: readonly string[]): string {
  let mode = 'auto';
  for (const line of flavor) {
    for (const [key, value] of flavorFields(line)) {
      if (key === 'latest' && value !== undefined) {
        mode = value;
      }
    }
  }
  return mode;
}

function lintFlavorLine(line: string): string[] {
  const warnings: string[] = [];
  let sawAffix = false;
  for (const [key, value, extra] of flavorFields(line)) {
    if (extra) {
      warnings.push(`flavor "${line}": ${key}= keeps only "${value ?? ''}"; upstream drops everything after a second "="`);
    }
    if (key === 'prefix' || key === 'suffix') {
      sawAffix = true;
    } else if (key === 'onlatest' && !sawAffix) {
      warnings.push(`flavor "${line}": onlatest= has no effect unless prefix= or suffix= comes before it on the same line`);
    } else if (key === 'latest' && value === 'true') {
      warnings.push(`flavor "${line}": every produced tag set gets "latest", pull requests and prereleases included`);
    }
  }
  return warnings;
}

/** [key, value, hasExtraEquals] per field, split like `flavor.ts › Transform`. */
function flavorFields(line: string): Array<[string, string | undefined, boolean]> {
  let fields: string[];
  try {
    fields = parseFirstRecord(line) ?? [];
  } catch {
    return [];
  }
  return fields.map((field) => {
    const parts = field.split('=').map((part) => part.trim());
    return [(parts[0] ?? '').toLowerCase(), parts[1], parts.length > 2];
  });
}

import { parseFirstRecord } from './csv-record';
import { MetadataError } from './metadata-error';

/** Tag types, spelled exactly as upstream's `tag.ts › Type` (case-sensitive). */
export const TAG_TYPES = ['schedule', 'semver', 'pep440', 'match', 'edge', 'ref', 'raw', 'sha'] as const;
export type TagType = (typeof TAG_TYPES)[number];

export const REF_EVENTS = ['branch', 'tag', 'pr'] as const;
export const SHA_FORMATS = ['short', 'long'] as const;

/** Upstream's `DefaultPriorities`: higher runs first and may claim the main version. */
export const DEFAULT_PRIORITIES: Readonly<Record<TagType, string>> = {
  schedule: '1000',
  semver: '900',
  pep440: '900',
  match: '800',
  edge: '700',
  ref: '600',
  raw: '200',
  sha: '100',
};

/** Attribute bag of one entry. Null prototype so keys such as `constructor` stay plain data. */
export type TagAttrs = Record<string, string>;

export interface TagEntry {
  type: TagType;
  attrs: TagAttrs;
  /** The entry text as given, used in error messages like upstream. */
  source: string;
  /** Attribute keys the entry itself set (bare fields count as `value`), before defaults. */
  givenKeys: readonly string[];
}

export function isTagType(value: string): value is TagType {
  return (TAG_TYPES as readonly string[]).includes(value);
}

/**
 * Parses one `tags` list item (`tag.ts › Parse`). Fields split at their first `=`; a field
 * without one (or starting with one) sets `value`. Keys are lower-cased, and every key other
 * than `type` is stored unvalidated: upstream silently ignores keys a type does not use.
 */
export function parseTagEntry(source: string): TagEntry {
  const fields = parseFirstRecord(source);
  if (fields === undefined) {
    // Upstream crashes on an empty entry; getInputList never hands it one.
    throw new MetadataError(`Empty tag entry: "${source}"`);
  }
  const attrs: TagAttrs = Object.create(null) as TagAttrs;
  const givenKeys: string[] = [];
  let type: TagType | undefined;
  for (const field of fields) {
    const eq = field.indexOf('=');
    if (eq <= 0) {
      attrs['value'] = field.trim();
      givenKeys.push('value');
      continue;
    }
    const key = field.slice(0, eq).trim().toLowerCase();
    const value = field.slice(eq + 1).trim();
    if (key !== 'type') {
      attrs[key] = value;
      givenKeys.push(key);
    } else if (isTagType(value)) {
      type = value;
    } else {
      throw new MetadataError(`Unknown tag type attribute: ${value}`);
    }
  }
  const entry: TagEntry = { type: type ?? 'raw', attrs, source, givenKeys: [...new Set(givenKeys)] };
  applyTypeDefaults(entry);
  setDefault(attrs, 'enable', 'true');
  setDefault(attrs, 'priority', DEFAULT_PRIORITIES[entry.type]);
  return entry;
}

function setDefault(attrs: TagAttrs, key: string, value: string): void {
  if (!Object.hasOwn(attrs, key)) {
    attrs[key] = value;
  }
}

function requireAttr(entry: TagEntry, key: string, what: string): void {
  if (!Object.hasOwn(entry.attrs, key)) {
    throw new MetadataError(`Missing ${what} attribute for ${entry.source}`);
  }
}

/** Per-type defaults and parse-time validation (docker/metadata-action `src/tag.ts › Parse`). */
function applyTypeDefaults(entry: TagEntry): void {
  const { attrs, source } = entry;
  switch (entry.type) {
    case 'schedule':
      setDefault(attrs, 'pattern', 'nightly');
      return;
    case 'semver':
    case 'pep440':
      requireAttr(entry, 'pattern', 'pattern');
      setDefault(attrs, 'value', '');
      setDefault(attrs, 'match', '');
      return;
    case 'match':
      requireAttr(entry, 'pattern', 'pattern');
      setDefault(attrs, 'group', '0');
      // Upstream checks isNaN(+group), so '' and '1.5' pass here and simply never match later.
      if (Number.isNaN(Number(attrs['group']))) {
        throw new MetadataError(`Invalid match group for ${source}`);
      }
      setDefault(attrs, 'value', '');
      return;
    case 'edge':
      setDefault(attrs, 'branch', '');
      return;
    case 'ref':
      requireAttr(entry, 'event', 'event');
      if (!(REF_EVENTS as readonly string[]).includes(attrs['event'] ?? '')) {
        throw new MetadataError(`Invalid event for ${source}`);
      }
      if (attrs['event'] === 'pr') {
        setDefault(attrs, 'prefix', 'pr-');
      }
      return;
    case 'raw':
      requireAttr(entry, 'value', 'value');
      return;
    case 'sha':
      setDefault(attrs, 'prefix', 'sha-');
      setDefault(attrs, 'format', 'short');
      if (!(SHA_FORMATS as readonly string[]).includes(attrs['format'] ?? '')) {
        throw new MetadataError(`Invalid format for ${source}`);
      }
      return;
  }
}

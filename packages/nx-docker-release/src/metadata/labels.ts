import type { RepoInfo } from './types';
import { collate } from './collate';

export interface OciFacts {
  repo: RepoInfo | null | undefined;
  version: string | undefined;
  created: Date;
  revision: string;
}

/** The eight `org.opencontainers.image.*` entries upstream always starts from (docker/metadata-action `src/meta.ts › getOCIAnnotationsWithCustoms`). */
export function ociBaseEntries(facts: OciFacts): string[] {
  const { repo } = facts;
  const base: Array<[string, string]> = [
    ['title', repo?.name ?? ''],
    ['description', repo?.description ?? ''],
    ['url', repo?.html_url ?? ''],
    ['source', repo?.html_url ?? ''],
    ['version', facts.version ?? ''],
    ['created', facts.created.toISOString()],
    ['revision', facts.revision],
    ['licenses', repo?.license?.spdx_id ?? ''],
  ];
  return base.map(([key, value]) => `org.opencontainers.image.${key}=${value}`);
}

/**
 * `meta.ts › getOCIAnnotationsWithCustoms`: entries without `=` are dropped, a later key
 * replaces an earlier one (so custom lines override the base ones), empty values are kept, and
 * the result is ordered by key with `localeCompare`, i.e. ICU collation, not code points.
 */
export function mergeKeyValues(entries: readonly string[]): string[] {
  const merged = new Map<string, string>();
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    if (eq >= 0) {
      merged.set(entry.slice(0, eq), entry.slice(eq + 1));
    }
  }
  return [...merged].sort(([a], [b]) => collate(a, b)).map(([key, value]) => `${key}=${value}`);
}

/** A `key=value` entry (a label, an annotation) as its key and value; no `=`: the key, empty value. */
export function splitKeyValue(entry: string): [key: string, value: string] {
  const eq = entry.indexOf('=');
  return eq < 0 ? [entry, ''] : [entry.slice(0, eq), entry.slice(eq + 1)];
}

/** `key=value` entries as a record: the one place labels stop being strings. */
export function keyValueRecord(entries: readonly string[]): Record<string, string> {
  return Object.fromEntries(entries.map(splitKeyValue));
}

import { applyAffixes } from './affixes';
import type { Flavor } from './flavor';
import { MetadataError, TemplateError } from './metadata-error';
import { assertOciTag } from './oci-tag';
import { PROCESSORS, type ProcessorEnv } from './processors';
import type { Candidate } from './processors/processor';
import { sanitizeTag } from './sanitize';
import type { TagEntry } from './tag-entry';

/** Upstream's `Version`: the main tag, the other tags, and whether to add `latest`. */
export interface VersionDetail {
  main: string | undefined;
  partial: string[];
  latest: boolean;
  /** Sources of enabled rules that applied to this event but rendered an empty tag (so added none). */
  empty: string[];
}

/**
 * `meta.ts › getVersion` (docker/metadata-action `src/meta.ts › getVersion`). Entries run in priority order; the first
 * non-empty value becomes main, and the first entry that yields anything decides `latest`.
 */
export function evaluateTagRules(entries: readonly TagEntry[], flavor: Flavor, pe: ProcessorEnv): VersionDetail {
  let main: string | undefined;
  const partial: string[] = [];
  let latest: boolean | undefined;
  const empty: string[] = [];
  for (const entry of entries) {
    const proposed = inRule(entry, () => propose(entry, flavor, pe));
    if (proposed === undefined) {
      continue;
    }
    const { candidate, value } = proposed;
    // The emptiness check comes before sanitising, as upstream's setVersion.
    if (value.length === 0) {
      empty.push(entry.source);
      continue;
    }
    const tag = sanitizeTag(value);
    assertOciTag(tag, entry.source);
    if (main === undefined) {
      main = tag;
    } else if (tag !== main) {
      partial.push(tag);
    }
    latest ??= flavor.latest === 'auto' ? candidate.autoLatest : flavor.latest === 'true';
  }
  return { main, partial: [...new Set(partial)], latest: latest ?? false, empty };
}

function propose(entry: TagEntry, flavor: Flavor, pe: ProcessorEnv): { candidate: Candidate; value: string } | undefined {
  if (!isEnabled(entry, pe)) {
    return undefined;
  }
  const candidate = PROCESSORS[entry.type](entry, pe);
  return candidate === undefined ? undefined : { candidate, value: applyAffixes(candidate.value, entry, flavor, pe.render) };
}

/** A template error names the rule it is in (upstream's message names only the template). */
function inRule<T>(entry: TagEntry, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof TemplateError) throw new TemplateError(`rule "${entry.source}": ${err.message}`, { cause: err });
    throw err;
  }
}

/** `enable` is a template that must render exactly `true` or `false`, even for idle rules. */
function isEnabled(entry: TagEntry, pe: ProcessorEnv): boolean {
  const rendered = pe.render(entry.attrs['enable'] ?? 'true');
  if (rendered !== 'true' && rendered !== 'false') {
    throw new MetadataError(`Invalid value for enable attribute: ${rendered}`);
  }
  return rendered === 'true';
}

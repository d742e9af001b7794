import { MetadataError, asMetadataError } from '../metadata-error';
import type { TagEntry } from '../tag-entry';
import { attr, isTagRef, type ProcessorEnv } from './processor';

/**
 * The string semver/pep440 rules parse (docker/metadata-action `src/meta.ts` type processors, semver steps 1-4): the rendered
 * `value` when the attribute is set, else the tag name; narrowed by `match` to its capture
 * group 1; every `/` turned into `-`. Undefined when the rule does not apply (no tag ref and
 * no `value`).
 */
export function versionSource(entry: TagEntry, pe: ProcessorEnv): string | undefined {
  const value = attr(entry, 'value');
  if (!isTagRef(pe.ctx.ref) && value.length === 0) {
    return undefined;
  }
  let source = value.length > 0 ? pe.render(value) : pe.ctx.ref.replace(/^refs\/tags\//, '');
  const match = attr(entry, 'match');
  if (match.length > 0) {
    const found = source.match(compile(match));
    if (found === null) {
      pe.warn(`${match} does not match ${source}.`);
    } else {
      const group = found[1];
      if (group === undefined) {
        // Upstream crashes on the undefined group; keep its text, say which rule did it.
        throw new MetadataError(`Cannot read properties of undefined (reading 'replace'): match=${match} has no capture group 1 matching ${source} in ${entry.source}`);
      }
      source = group;
    }
  }
  return source.replace(/\//g, '-');
}

function compile(pattern: string): RegExp {
  try {
    return new RegExp(pattern);
  } catch (err) {
    throw asMetadataError(err);
  }
}

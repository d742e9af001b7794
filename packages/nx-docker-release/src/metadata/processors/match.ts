import { asMetadataError } from '../metadata-error';
import { attr, isTagRef, type TagProcessor } from './processor';

/**
 * `type=match` (`meta.ts › procMatch`): the rendered `value` or the tag name (no `/` rewrite),
 * matched against `pattern` (`/body/flags` form allowed); the `group` of the result is the tag.
 * Any match proposes latest, whatever the tag looks like.
 */
export const procMatch: TagProcessor = (entry, pe) => {
  const value = attr(entry, 'value');
  if (!isTagRef(pe.ctx.ref) && value.length === 0) {
    return undefined;
  }
  const source = value.length > 0 ? pe.render(value) : pe.ctx.ref.replace(/^refs\/tags\//, '');
  const pattern = attr(entry, 'pattern');
  const found = source.match(toRegExp(pattern));
  if (found === null) {
    pe.warn(`${pattern} does not match ${source}.`);
    return undefined;
  }
  const group = attr(entry, 'group');
  const selected = groupOf(found, group);
  if (selected === undefined) {
    pe.warn(`Group ${group} does not exist for ${pattern} pattern.`);
    return undefined;
  }
  return { value: selected, autoLatest: true };
};

/** The `pattern` of a match rule as a RegExp; a MetadataError with the engine's own message when it does not compile. */
export function toRegExp(pattern: string): RegExp {
  const literal = /^\/(.+)\/(.*)$/.exec(pattern);
  try {
    return literal ? new RegExp(literal[1] ?? '', literal[2]) : new RegExp(pattern);
  } catch (err) {
    throw asMetadataError(err);
  }
}

/**
 * Upstream indexes the match array with the group string, so only canonical array indices
 * (`0`, `1`, ... not `01` or `1.0`) find anything.
 */
function groupOf(found: RegExpMatchArray, group: string): string | undefined {
  const index = Number(group);
  if (!Number.isInteger(index) || index < 0 || String(index) !== group) {
    return undefined;
  }
  return found[index];
}

import { parseFlavor } from './flavor';
import { MetadataError } from './metadata-error';
import { toRegExp } from './processors/match';
import { parseTagRules } from './tag-rules';
import type { TagEntry } from './tag-entry';
import { templateProblem } from './template';

/** Fields a rule renders as a template (a match rule's pattern is a regular expression instead). */
const TEMPLATE_FIELDS = ['value', 'prefix', 'suffix', 'enable'];
const TEMPLATE_PATTERN_TYPES = new Set(['semver', 'pep440', 'schedule']);

/**
 * Stricter than upstream, which only meets a broken template or regular expression on the event
 * whose rule renders it (a `type=match` rule with a bad pattern silently gives no tag on a branch
 * push): every rule is checked whatever the event, one line naming the rule.
 */
export function checkTagRules(tags: readonly string[], flavorLines: readonly string[]): void {
  for (const entry of parseTagRules(tags)) {
    const problem = ruleProblem(entry);
    if (problem) throw new MetadataError(`rule "${entry.source}": ${problem}`);
  }
  const { prefix, suffix } = parseFlavor(flavorLines);
  for (const [key, template] of Object.entries({ prefix, suffix })) {
    const problem = templateProblem(template);
    if (problem) throw new MetadataError(`flavor ${key}: ${problem.message}`);
  }
}

function ruleProblem(entry: TagEntry): string | undefined {
  const fields = [...TEMPLATE_FIELDS, ...(TEMPLATE_PATTERN_TYPES.has(entry.type) ? ['pattern'] : [])];
  for (const field of fields) {
    const text = entry.attrs[field];
    const problem = text ? templateProblem(text) : undefined;
    if (problem) return problem.message;
  }
  if (entry.type === 'match' && entry.attrs['pattern']) {
    try {
      toRegExp(entry.attrs['pattern']);
    } catch (err) {
      return `pattern: ${(err as Error).message}`;
    }
  }
  return undefined;
}

/** The first entry of a label or annotation list whose template does not parse, as `[i]: template "...": ...`. */
export function listTemplateProblem(entries: readonly string[]): string | undefined {
  for (const [i, entry] of entries.entries()) {
    const problem = templateProblem(entry);
    if (problem) return `[${i}]: ${problem.message}`;
  }
  return undefined;
}

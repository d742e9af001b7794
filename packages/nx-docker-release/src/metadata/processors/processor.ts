import type { TagEntry } from '../tag-entry';
import type { RepoInfo } from '../types';
import type { ResolvedContext } from '../workflow-context';

/** A value a tag rule produced, before prefix/suffix and sanitising. */
export interface Candidate {
  value: string;
  /** The rule's own `latest=auto` proposal (docker/metadata-action `src/flavor.ts`, `src/meta.ts › getVersion`). */
  autoLatest: boolean;
}

/** Everything a processor may read. Rendering goes through the global template scope. */
export interface ProcessorEnv {
  ctx: ResolvedContext;
  repo: RepoInfo | null | undefined;
  env: Readonly<Record<string, string>>;
  now: Date;
  render: (template: string) => string;
  warn: (message: string) => void;
}

/** One `meta.ts › proc*` equivalent: undefined when the rule does not apply to this event. */
export type TagProcessor = (entry: TagEntry, env: ProcessorEnv) => Candidate | undefined;

/** Attribute lookup for keys the parser guarantees (defaults are filled in `tag-entry.ts`). */
export function attr(entry: TagEntry, key: string): string {
  return entry.attrs[key] ?? '';
}

export function isTagRef(ref: string): boolean {
  return ref.startsWith('refs/tags/');
}

export function isBranchRef(ref: string): boolean {
  return ref.startsWith('refs/heads/');
}

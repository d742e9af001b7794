import { compileReleaseTagPattern, releaseTagShape, VERSION_FIRST, VERSION_REST, type ReleaseTagShape } from './release-tag-pattern';

/** One release target's pattern, as a project's release target sets it. */
export interface ProjectTagPattern {
  project: string;
  pattern: string;
}

/**
 * A git tag that both patterns match, or undefined when no tag can: then a tag push releases at
 * most one of the two projects. Patterns are `<prefix>{version}<suffix>` once the project name is
 * in, and `{version}` is a digit followed by version characters, so the question is whether two
 * such small automata accept a common word: a breadth-first walk over pairs of their states finds
 * the shortest one. A tag with version 1.2.3 is preferred when it is one, as the example a user
 * reads. Throws a MetadataError for a malformed pattern.
 */
export function sharedReleaseTag(a: ProjectTagPattern, b: ProjectTagPattern): string | undefined {
  const shapes = [releaseTagShape(a.pattern, a.project), releaseTagShape(b.pattern, b.project)] as const;
  const readable = shapes.map((s) => `${s.prefix}1.2.3${s.suffix}`).find((tag) => matchesBoth(tag, a, b));
  return readable ?? shortestShared(shapes[0], shapes[1]);
}

function matchesBoth(tag: string, a: ProjectTagPattern, b: ProjectTagPattern): boolean {
  return compileReleaseTagPattern(a.pattern, a.project).test(tag) && compileReleaseTagPattern(b.pattern, b.project).test(tag);
}

/** Each pattern as a list of steps: a literal character, the version's first character, its other characters (any number). */
type Step = { literal: string } | { first: true } | { rest: true };

function steps(shape: ReleaseTagShape): Step[] {
  return [...[...shape.prefix].map((literal) => ({ literal })), { first: true }, { rest: true }, ...[...shape.suffix].map((literal) => ({ literal }))];
}

/** The states reachable without reading: a `rest` step may be left at once. */
function close(path: Step[], state: number): number[] {
  const states = [state];
  for (let s = state, step = path[s]; step !== undefined && 'rest' in step; step = path[s]) states.push(++s);
  return states;
}

function read(path: Step[], state: number, char: string): number[] {
  const step = path[state];
  if (step === undefined) return [];
  if ('literal' in step) return step.literal === char ? close(path, state + 1) : [];
  if ('first' in step) return VERSION_FIRST.test(char) ? close(path, state + 1) : [];
  return VERSION_REST.test(char) ? close(path, state) : [];
}

function shortestShared(a: ReleaseTagShape, b: ReleaseTagShape): string | undefined {
  const [pa, pb] = [steps(a), steps(b)];
  // Every character the literals use, and every version character: the others behave as one of these.
  const alphabet = [...new Set([...'0123456789', ...a.prefix, ...a.suffix, ...b.prefix, ...b.suffix, ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.+!_-'])];
  const seen = new Map<string, string>();
  const queue: [number, number][] = [];
  for (const i of close(pa, 0)) for (const j of close(pb, 0)) visit(i, j, '');
  function visit(i: number, j: number, word: string): void {
    const key = `${i},${j}`;
    if (seen.has(key)) return;
    seen.set(key, word);
    queue.push([i, j]);
  }
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const [i, j] = next;
    const word = seen.get(`${i},${j}`) ?? '';
    if (i === pa.length && j === pb.length) return word;
    for (const char of alphabet) for (const i2 of read(pa, i, char)) for (const j2 of read(pb, j, char)) visit(i2, j2, word + char);
  }
  return undefined;
}

import type { Tree } from '@nx/devkit';
import { applyEdits, findNodeAtLocation, modify, parseTree, type Edit, type JSONPath } from 'jsonc-parser';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Writes `next` into the JSON file at `path` by editing only what differs from what the file
 * holds: a generator that adds one target leaves the rest of a team's nx.json or project.json as
 * they wrote it (order, line breaks, comments), where a rewrite of the whole object would
 * reformat it. Objects are compared key by key; any other value that differs is replaced whole.
 */
export function writeJsonEdits(tree: Tree, path: string, previous: unknown, next: unknown): void {
  const text = tree.read(path, 'utf-8') ?? '';
  const { unit, eol } = layoutOf(text);
  let out = text;
  for (const [path, wanted] of changes(previous as Json, next as Json, [])) {
    // A parent the file lacks (a default the reader filled in): set the nearest one it has, whole.
    const root = parseTree(out);
    let at = path;
    while (at.length > 1 && root && !findNodeAtLocation(root, at.slice(0, -1))) at = at.slice(0, -1);
    const value = at === path ? wanted : valueAt(next as Json, at);
    if (value === undefined && (!root || !findNodeAtLocation(root, at))) continue;
    // jsonc-parser finds where; the new text is laid out here, so no neighbouring line is reformatted.
    const edits = modify(out, at, value, {}).map((edit) => (value === undefined ? edit : { ...edit, content: laidOut(edit, at, value, unit, eol) }));
    out = applyEdits(out, edits);
  }
  if (out !== text) tree.write(path, out);
}

/** A property inserted on its own line at its depth, or a value replaced, indented as the file is. */
function laidOut(edit: Edit, at: JSONPath, value: Json, unit: string, eol: string): string {
  const depth = at.length;
  const pretty = JSON.stringify(value, null, unit).replace(/\n/g, `${eol}${unit.repeat(depth)}`);
  if (edit.length > 0) return pretty;
  const key = `${JSON.stringify(at[depth - 1])}: ${pretty}`;
  // After a sibling: a comma and a new line; into an empty object: the closing brace keeps its own line.
  return edit.content.startsWith(',') ? `,${eol}${unit.repeat(depth)}${key}` : `${eol}${unit.repeat(depth)}${key}${eol}${unit.repeat(depth - 1)}`;
}

/** The paths to set (undefined: remove) that turn `before` into `after`, parents before children. */
function changes(before: Json | undefined, after: Json | undefined, at: JSONPath): [JSONPath, Json | undefined][] {
  if (isObject(before) && isObject(after)) {
    const removed = Object.keys(before)
      .filter((key) => !(key in after))
      .map((key): [JSONPath, undefined] => [[...at, key], undefined]);
    return [...removed, ...Object.keys(after).flatMap((key) => changes(before[key], after[key], [...at, key]))];
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [[at, after]];
}

const isObject = (value: Json | undefined): value is { [key: string]: Json } => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The indentation unit and line ending the file already uses (two spaces when it has none to tell). */
function layoutOf(text: string): { unit: string; eol: string } {
  const first = /\n([ \t]+)\S/.exec(text)?.[1] ?? '  ';
  return { unit: first.startsWith('\t') ? '\t' : first, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

function valueAt(value: Json | undefined, path: JSONPath): Json | undefined {
  return path.reduce<Json | undefined>((at, key) => (isObject(at) ? at[String(key)] : undefined), value);
}

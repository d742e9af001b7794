import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';

export interface HeadFacts {
  sha: string;
  /** The checked-out branch; undefined on a detached HEAD. */
  branch?: string;
  /** Tags whose commit is HEAD (annotated tags peeled), in `git log %D` order: descending by name. */
  tags: string[];
}

const SHA = /^[0-9a-f]{40}$/;

/**
 * HEAD's commit, branch and tags read from a plain `.git` directory: the facts `git log -1 %D`
 * gives, without starting git. Undefined whenever a fact would need more than refs and loose
 * objects (an annotated tag whose object is packed, refs packed without peeling, an unborn
 * branch): the caller then runs git.
 */
export function readHead(gitDir: string): HeadFacts | undefined {
  try {
    const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
    const packed = packedRefs(gitDir);
    if (!packed) return undefined;
    const symbolic = /^ref: (refs\/heads\/.+)$/.exec(head)?.[1];
    const sha = symbolic ? resolveRef(gitDir, symbolic, packed.refs) : head;
    if (!sha || !SHA.test(sha)) return undefined;
    const tags = tagsAt(gitDir, sha, packed);
    return tags && { sha, branch: symbolic?.slice('refs/heads/'.length), tags };
  } catch {
    return undefined;
  }
}

interface Packed {
  refs: Map<string, string>;
  peeled: Map<string, string>;
  /** The file says every annotated tag carries its peeled commit. */
  fullyPeeled: boolean;
}

function packedRefs(gitDir: string): Packed | undefined {
  const file = join(gitDir, 'packed-refs');
  if (!existsSync(file)) return { refs: new Map(), peeled: new Map(), fullyPeeled: true };
  // Only the header's `fully-peeled` trait promises a ^ line for every annotated tag.
  const packed: Packed = { refs: new Map(), peeled: new Map(), fullyPeeled: false };
  let last: string | undefined;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('#')) packed.fullyPeeled = /\bfully-peeled\b/.test(line);
    else if (line.startsWith('^') && last) packed.peeled.set(last, line.slice(1).trim());
    else if (line.trim()) {
      const [sha, name] = line.trim().split(' ');
      if (!sha || !name || !SHA.test(sha)) return undefined;
      packed.refs.set(name, sha);
      last = name;
    }
  }
  return packed;
}

function resolveRef(gitDir: string, name: string, packed: Map<string, string>): string | undefined {
  const loose = join(gitDir, name);
  return existsSync(loose) ? readFileSync(loose, 'utf8').trim() : packed.get(name);
}

function tagsAt(gitDir: string, sha: string, packed: Packed): string[] | undefined {
  const targets = new Map<string, string | undefined>();
  for (const [name, target] of packed.refs) {
    if (!name.startsWith('refs/tags/')) continue;
    const peeled = packed.peeled.get(name);
    // Without fully-peeled, a tag with no ^ line may still be annotated: only its object says.
    targets.set(name, peeled ?? (packed.fullyPeeled || target === sha ? target : peelObject(gitDir, target)));
  }
  for (const name of looseRefs(join(gitDir, 'refs/tags'), 'refs/tags')) {
    const target = readFileSync(join(gitDir, name), 'utf8').trim();
    targets.set(name, target === sha ? target : peelObject(gitDir, target));
  }
  if ([...targets.values()].includes(undefined)) return undefined;
  return [...targets]
    .filter(([, target]) => target === sha)
    .map(([name]) => name.slice('refs/tags/'.length))
    .sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
}

function looseRefs(dir: string, prefix: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? looseRefs(join(dir, entry.name), `${prefix}/${entry.name}`) : entry.isFile() ? [`${prefix}/${entry.name}`] : [],
  );
}

/** The commit an object id ends at: itself for a commit, the target for (nested) tags; undefined if not loose. */
function peelObject(gitDir: string, sha: string, depth = 0): string | undefined {
  if (!SHA.test(sha) || depth > 5) return undefined;
  const file = join(gitDir, 'objects', sha.slice(0, 2), sha.slice(2));
  if (!existsSync(file)) return undefined;
  const body = inflateSync(readFileSync(file)).toString('latin1');
  if (body.startsWith('commit ')) return sha;
  if (!body.startsWith('tag ')) return sha; // a tag on a tree or blob: never HEAD
  const target = /\nobject ([0-9a-f]{40})\n|\0object ([0-9a-f]{40})\n/.exec(body);
  const next = target?.[1] ?? target?.[2];
  return next ? peelObject(gitDir, next, depth + 1) : undefined;
}

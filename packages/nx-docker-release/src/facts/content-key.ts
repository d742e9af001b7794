import dockerignore from '@balena/dockerignore';
import { createHash, type Hash } from 'node:crypto';
import { closeSync, existsSync, lstatSync, openSync, readdirSync, readFileSync, readlinkSync, readSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { exceptionReaches, sourceMatcher } from '../dockerfile/context-reads';
import { ReleaseError } from '../release/release-error';
import type { BaseDigest } from '../release/types';

export interface ContentKeyInput {
  /** Absolute build context directory. */
  context: string;
  /** Absolute Dockerfile path. */
  dockerfile: string;
  buildArgs: Record<string, string>;
  platforms: string[];
  target?: string;
  /** Secret ids only: values never enter the key (it is stored as a label). */
  secretIds: string[];
  /** Named build contexts: absolute directories by name, and remote sources as given. */
  namedContexts?: { directories: Record<string, string>; remote: Record<string, string> };
  /** The context paths the built stages read (COPY/ADD sources, bind mounts); absent: the whole context. */
  sources?: readonly string[];
}

/**
 * A digest of everything that decides the image: the context files the built stages read (their
 * COPY/ADD sources and bind mounts, minus .dockerignore; the whole context when `sources` is
 * absent) with their permission bits, symlinks (their targets) and directories (empty ones too,
 * with their modes), the Dockerfile, build args, platforms and target. Recorded as a label, it
 * lets a later run recognise that an image in the registry was built from the same inputs. A file
 * that vanishes or cannot be read during the walk is one line naming it.
 */
export function contentKey(input: ContentKeyInput): string {
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(CHUNK);
  const patterns = ignorePatterns(input.context, input.dockerfile);
  const ig = dockerignore({ ignorecase: false }).add(patterns);
  const exceptions = patterns.filter((p) => p.trim().startsWith('!')).map((p) => p.trim().slice(1).replace(/^\/+/, ''));
  const read = input.sources ? sourceMatcher(input.sources) : { reads: () => true, enters: () => true };
  // Skip a directory only when it is ignored and no exception could re-include something in it,
  // or when no source can name anything in it.
  const prune = (rel: string): boolean => !read.enters(rel) || (ig.ignores(rel) && !exceptions.some((e) => exceptionReaches(e, rel)));
  for (const entry of listEntries(input.context, input.context, prune)) {
    const rel = relative(input.context, entry.path).split(sep).join('/');
    if (ig.ignores(rel) || !read.reads(rel)) continue;
    guarded(entry.path, () => hashEntry(hash, rel, entry, chunk));
  }
  hash.update(`dockerfile\0`);
  guarded(input.dockerfile, () => hashFile(hash, input.dockerfile, chunk));
  // Only present when used, so keys of images built without named contexts stay as they were.
  for (const [name, dir] of Object.entries(input.namedContexts?.directories ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    hash.update(`named-context\0${name}\0`);
    for (const entry of listEntries(dir, dir, () => false)) guarded(entry.path, () => hashEntry(hash, relative(dir, entry.path).split(sep).join('/'), entry, chunk));
  }
  for (const [name, source] of Object.entries(input.namedContexts?.remote ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    hash.update(`named-source\0${name}\0${source}\0`);
  }
  const rest = {
    buildArgs: Object.entries(input.buildArgs).sort(),
    platforms: [...input.platforms].sort(),
    target: input.target ?? '',
    secrets: [...input.secretIds].sort(),
  };
  hash.update(JSON.stringify(rest));
  return `sha256:${hash.digest('hex')}`;
}

/** Whether BuildKit sends a context file (path relative to the context): the .dockerignore rules. */
export function sentToBuild(context: string, dockerfile: string): (rel: string) => boolean {
  const ig = dockerignore({ ignorecase: false }).add(ignorePatterns(context, dockerfile));
  return (rel) => !ig.ignores(rel);
}

// Files are hashed through one small buffer: for a 20 MB context that is twice as fast as
// reading each file whole (no large allocation, the chunk stays in cache).
const CHUNK = 64 * 1024;

function hashFile(hash: Hash, file: string, chunk: Buffer): void {
  const fd = openSync(file, 'r');
  try {
    for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) hash.update(chunk.subarray(0, n));
  } finally {
    closeSync(fd);
  }
}

function ignorePatterns(context: string, dockerfile: string): string[] {
  return ignoreRules(context, dockerfile).patterns;
}

/** BuildKit's rule: `<Dockerfile>.dockerignore` next to the Dockerfile wins over `<context>/.dockerignore`. The file used, and its patterns. */
export function ignoreRules(context: string, dockerfile: string): { file?: string; patterns: string[] } {
  for (const file of [`${dockerfile}.dockerignore`, join(context, '.dockerignore')]) {
    if (existsSync(file)) {
      const patterns = readFileSync(file, 'utf8')
        .split(/\r?\n/)
        .filter((l) => l.trim() && !l.trim().startsWith('#'));
      return { file, patterns };
    }
  }
  return { patterns: [] };
}

interface Entry {
  path: string;
  kind: 'file' | 'dir' | 'link';
  mode: number;
}

/** What BuildKit would copy of an entry: the bytes, the permission bits, a link's target. */
function hashEntry(hash: Hash, rel: string, entry: Entry, chunk: Buffer): void {
  const mode = (entry.mode & 0o7777).toString(8);
  if (entry.kind === 'dir') hash.update(`dir\0${rel}\0${mode}\0`);
  else if (entry.kind === 'link') hash.update(`link\0${rel}\0${readlinkSync(entry.path)}\0`);
  else {
    hash.update(`file\0${rel}\0${mode}\0`);
    hashFile(hash, entry.path, chunk);
  }
}

function listEntries(dir: string, root: string, prune: (rel: string) => boolean): Entry[] {
  const out: Entry[] = [];
  // Code-unit order: the same on every machine whatever its locale (the key is compared across CI runners).
  for (const name of guarded(dir, () => readdirSync(dir)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const path = join(dir, name);
    const stat = guarded(path, () => lstatSync(path));
    if (stat.isDirectory()) {
      if (prune(relative(root, path).split(sep).join('/'))) continue;
      out.push({ path, kind: 'dir', mode: stat.mode }, ...listEntries(path, root, prune));
    } else if (stat.isSymbolicLink()) out.push({ path, kind: 'link', mode: stat.mode });
    else if (stat.isFile()) out.push({ path, kind: 'file', mode: stat.mode });
  }
  return out;
}

/** A file that vanishes (a lock file of another process) or cannot be read: one line naming it. */
function guarded<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ReleaseError(`content key: ${path} vanished while the build inputs were read (another process is changing them); run again when it is done`);
    if (code === 'EACCES' || code === 'EPERM' || code === 'EISDIR' || code === 'ELOOP')
      throw new ReleaseError(`content key: cannot read ${path} (${code}); the build would send it: fix its permissions or list it in .dockerignore`);
    throw err;
  }
}

/**
 * The content key with the base images as their registries resolve them now: a base tag moved
 * to a patched image gives another key (and so a rebuild). A base that could not be read enters
 * as unknown, the same on every run that cannot read it.
 */
export function withBaseDigests(key: string, bases: readonly BaseDigest[]): string {
  if (bases.length === 0) return key;
  const entries = bases.map((b) => `${b.image}@${'digest' in b ? b.digest : 'unknown'}`).sort();
  return `sha256:${createHash('sha256')
    .update(`${key}\0bases\0${entries.join('\0')}`)
    .digest('hex')}`;
}

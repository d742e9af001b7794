import type { Tree } from '@nx/devkit';
import { posix } from 'node:path';

/**
 * A COPY/ADD source (or a context option) as BuildKit reads it: `./a/` is `a`, a leading `/` is the
 * context root, `.` is the whole context. A source that climbs out (`../x`) stays as written.
 */
export function cleanPath(source: string): string {
  const clean = posix.normalize(source).replace(/^\/+/, '').replace(/\/+$/, '');
  return clean === '' ? '.' : clean;
}

/** `dir` joined with a context-relative path; `.` on either side is the other. */
export function inDirectory(dir: string, path: string): string {
  if (path === '.') return dir;
  return dir === '.' ? path : `${dir}/${path}`;
}

/**
 * Whether `dir` holds the source: the path exists, or for a wildcard source at least one
 * path matches (each segment matched on its own, as Go's filepath.Match that COPY uses).
 * A source with a build variable (`$VERSION`) or one that climbs out of `dir` is never held.
 * https://docs.docker.com/reference/dockerfile/#copy
 */
export function holdsSource(tree: Tree, dir: string, source: string): boolean {
  if (source.includes('$') || source === '..' || source.startsWith('../')) return false;
  let paths = [dir];
  for (const segment of source === '.' ? [] : source.split('/')) {
    if (!/[*?[]/.test(segment)) {
      paths = paths.map((p) => inDirectory(p, segment)).filter((p) => tree.exists(p));
    } else {
      const pattern = segmentPattern(segment);
      paths = paths.flatMap((p) =>
        tree
          .children(p)
          .filter((name) => pattern.test(name))
          .map((name) => inDirectory(p, name)),
      );
    }
    if (paths.length === 0) return false;
  }
  return true;
}

/** `*`, `?` and `[...]` (with `[!...]` or `[^...]` negated) within one path segment. */
function segmentPattern(segment: string): RegExp {
  let source = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i] as string;
    const close = c === '[' ? segment.indexOf(']', i + 2) : -1;
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (close > 0) {
      const body = segment.slice(i + 1, close).replace(/\\/g, '\\\\');
      source += /^[!^]/.test(body) ? `[^${body.slice(1)}]` : `[${body}]`;
      i = close;
    } else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

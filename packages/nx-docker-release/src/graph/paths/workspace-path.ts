import { posix } from 'node:path';

/**
 * Resolves `relative` against the workspace-relative directory `base` and returns the result
 * relative to the workspace root ('' for the root itself), or undefined when it leaves the
 * workspace. Absolute paths are treated as context-relative, as Docker does for COPY sources.
 */
export function resolveWorkspacePath(base: string, relative: string): string | undefined {
  const joined = posix.normalize(posix.join(toPosix(base), toPosix(relative).replace(/^\/+/, '')));
  const clean = joined === '.' || joined === './' ? '' : joined.replace(/^\.\//, '').replace(/\/+$/, '');
  return clean === '..' || clean.startsWith('../') ? undefined : clean;
}

/** Like resolveWorkspacePath, but an absolute path means the workspace root (go.mod/go.work paths). */
export function resolveFromFile(file: string, relative: string): string | undefined {
  return resolveWorkspacePath(posix.dirname(toPosix(file)), relative);
}

function toPosix(path: string): string {
  return path.replace(/\\/g, '/');
}

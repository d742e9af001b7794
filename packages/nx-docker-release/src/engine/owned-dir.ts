import { lstatSync, mkdirSync } from 'node:fs';

/** A directory shared between runs that is not this user's private directory. */
export class UnsafeDirectoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeDirectoryError';
  }
}

/**
 * A directory shared between this user's runs under the OS temp directory (which other users can
 * write to): made 0700 when missing; used only when `lstat` shows a real directory (not a link)
 * that this user owns and nobody else can enter. Anything else was made by someone else, or
 * loosened by hand, and is refused: the caller runs without the sharing it offered.
 */
export function ownedDirectory(path: string): string {
  try {
    mkdirSync(path, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const stat = lstatSync(path);
  const uid = process.getuid?.();
  const problem = !stat.isDirectory()
    ? 'is not a directory (a link or a file)'
    : uid !== undefined && stat.uid !== uid
      ? `belongs to uid ${stat.uid}, not this user (${uid})`
      : (stat.mode & 0o077) !== 0
        ? `is open to other users (mode ${(stat.mode & 0o777).toString(8)})`
        : undefined;
  if (problem) throw new UnsafeDirectoryError(`${path} ${problem}; not used`);
  return path;
}

import { closeSync, constants, openSync, readFileSync } from 'node:fs';

/**
 * A file read without following a link (O_NOFOLLOW), as everything in a directory other users can
 * plant in is read; undefined when it is missing, a link, or unreadable.
 */
export function readNoFollow(path: string): string | undefined {
  try {
    const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      return readFileSync(fd, 'utf8');
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

import { closeSync, fstatSync, openSync } from 'node:fs';
import { readAt } from './blob-source';

export interface TarEntry {
  /** Byte offset of the file's data in the archive. */
  offset: number;
  size: number;
}

/**
 * The regular files of a tar archive on disk (ustar, PAX and GNU long names) with the offset and
 * size of their data: only the 512-byte headers are read, so a multi-GB `docker save` archive
 * costs a few reads, and its layers are streamed from their ranges later.
 */
export function tarIndex(path: string): Map<string, TarEntry> {
  const fd = openSync(path, 'r');
  try {
    const entries = new Map<string, TarEntry>();
    const archiveSize = fstatSync(fd).size;
    const header = Buffer.alloc(512);
    let offset = 0;
    let longName: string | undefined;
    while (readAt(fd, header, offset) === 512) {
      if (header.every((b) => b === 0)) break; // end-of-archive marker
      if (!checksumOk(header)) throw new Error(`tar: bad header checksum at byte ${offset}`);
      const size = numeric(header.subarray(124, 136));
      const type = String.fromCharCode(header[156] ?? 0);
      const start = offset + 512;
      if (start + size > archiveSize) throw new Error(`tar: archive ends inside ${text(header.subarray(0, 100))}`);
      offset = start + Math.ceil(size / 512) * 512;
      if (type === 'x' || type === 'L') {
        const data = Buffer.alloc(size);
        readAt(fd, data, start);
        longName = type === 'x' ? (paxPath(data) ?? longName) : text(data);
        continue;
      }
      if (type === 'g') continue; // global PAX header: nothing docker save relies on
      const prefix = text(header.subarray(345, 500));
      const name = longName ?? (prefix ? `${prefix}/${text(header.subarray(0, 100))}` : text(header.subarray(0, 100)));
      longName = undefined;
      if (type === '0' || type === '\0' || type === '7') entries.set(name.replace(/^\.\//, ''), { offset: start, size });
    }
    return entries;
  } finally {
    closeSync(fd);
  }
}

function text(bytes: Buffer): string {
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end === -1 ? bytes.length : end).toString('utf8');
}

/** Octal, space/NUL terminated; or GNU base-256 when the high bit of the first byte is set. */
function numeric(field: Buffer): number {
  if ((field[0] ?? 0) & 0x80) {
    let value = (field[0] ?? 0) & 0x7f;
    for (let i = 1; i < field.length; i++) value = value * 256 + (field[i] ?? 0);
    return value;
  }
  const digits = text(field).trim();
  return digits ? parseInt(digits, 8) : 0;
}

function checksumOk(header: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : (header[i] ?? 0);
  return sum === numeric(header.subarray(148, 156));
}

/** The `path` record of a PAX extended header (`<len> path=<value>\n` records). */
function paxPath(data: Buffer): string | undefined {
  let at = 0;
  let path: string | undefined;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    if (space === -1) break;
    const length = parseInt(data.subarray(at, space).toString('ascii'), 10);
    if (!(length > 0)) break;
    const record = data.subarray(space + 1, at + length - 1).toString('utf8');
    if (record.startsWith('path=')) path = record.slice(5);
    at += length;
  }
  return path;
}

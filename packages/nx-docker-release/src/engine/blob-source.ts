import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { Readable } from 'node:stream';

/**
 * Bytes to upload without holding them in memory: a size, a way to stream them (again, for a
 * retried upload) and positional reads for sampling. Layers are ranges of the saved archive.
 */
export interface BlobSource {
  readonly size: number;
  open(): Readable;
  read(offset: number, length: number): Buffer;
  /** The bytes [start, end) as a source of their own, where the bytes can be re-read by range (files). */
  slice?(start: number, end: number): BlobSource;
}

const CHUNK = 1 << 20;

export function fileRange(path: string, offset: number, size: number): BlobSource {
  return {
    size,
    slice: (start, end) => fileRange(path, offset + start, Math.max(0, Math.min(end, size) - start)),
    open: () => (size === 0 ? Readable.from([]) : createReadStream(path, { start: offset, end: offset + size - 1, highWaterMark: CHUNK })),
    read(at, length) {
      const n = Math.max(0, Math.min(length, size - at));
      const buffer = Buffer.alloc(n);
      const fd = openSync(path, 'r');
      try {
        if (readAt(fd, buffer, offset + at) < n) throw new Error(`${path}: ends before byte ${offset + at + n}`);
      } finally {
        closeSync(fd);
      }
      return buffer;
    },
  };
}

/** Fills `buffer` from `position` on; fewer bytes only at the end of the file. */
export function readAt(fd: number, buffer: Buffer, position: number): number {
  let done = 0;
  while (done < buffer.length) {
    const n = readSync(fd, buffer, done, buffer.length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

export function bufferSource(bytes: Buffer): BlobSource {
  return { size: bytes.length, open: () => Readable.from([bytes]), read: (at, length) => bytes.subarray(at, at + length) };
}

/**
 * Regular files of an in-memory tar archive (ustar, PAX and GNU long names), as slices of the
 * archive: nothing is copied. `docker save` output needs no more than this, and a streaming
 * parser spent ~100 ms on a 20 MB image where slicing takes well under 1 ms.
 */
export function tarFiles(archive: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let offset = 0;
  let longName: string | undefined;
  while (offset + 512 <= archive.length) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break; // end-of-archive marker
    if (!checksumOk(header)) throw new Error(`tar: bad header checksum at byte ${offset}`);
    const size = numeric(header.subarray(124, 136));
    const type = String.fromCharCode(header[156] ?? 0);
    const start = offset + 512;
    const data = archive.subarray(start, start + size);
    if (data.length < size) throw new Error(`tar: archive ends inside ${text(header.subarray(0, 100))}`);
    offset = start + Math.ceil(size / 512) * 512;
    if (type === 'x') {
      longName = paxPath(data) ?? longName;
    } else if (type === 'L') {
      longName = text(data);
    } else if (type === 'g') {
      // global PAX header: nothing docker save relies on
    } else {
      const prefix = text(header.subarray(345, 500));
      const name = longName ?? (prefix ? `${prefix}/${text(header.subarray(0, 100))}` : text(header.subarray(0, 100)));
      longName = undefined;
      if (type === '0' || type === '\0' || type === '7') files.set(name.replace(/^\.\//, ''), data);
    }
  }
  return files;
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

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tarFiles } from './tar-reader';

// Archives written by the real tar program in each format it knows.
function archive(format: string, files: Record<string, Buffer | string>): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'tar-reader-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, 'src', name, '..'), { recursive: true });
    writeFileSync(join(dir, 'src', name), content);
  }
  execFileSync('tar', [`--format=${format}`, '-cf', join(dir, 'a.tar'), '-C', join(dir, 'src'), '.']);
  return readFileSync(join(dir, 'a.tar'));
}

const LONG = `blobs/sha256/${'d'.repeat(64)}/${'n'.repeat(80)}/file.json`;

describe('tarFiles', () => {
  it.each(['ustar', 'pax', 'gnu'])('reads regular files of a %s archive, contents exact', (format) => {
    const big = Buffer.alloc(1 << 20 | 7, 0xab);
    const files = format === 'ustar' ? { 'index.json': '{"a":1}', [`blobs/sha256/${'a'.repeat(64)}`]: big, empty: '' } : { 'index.json': '{"a":1}', [LONG]: 'long', [`blobs/sha256/${'a'.repeat(64)}`]: big, empty: '' };
    const read = tarFiles(archive(format, files));
    for (const [name, content] of Object.entries(files)) expect(read.get(name)?.equals(Buffer.from(content))).toBe(true);
    expect([...read.keys()].sort()).toEqual(Object.keys(files).sort());
  });

  it('rejects a corrupted header and a truncated archive', () => {
    const good = archive('ustar', { 'index.json': 'x'.repeat(2000) });
    const corrupt = Buffer.from(good);
    corrupt[10] = 0x41;
    expect(() => tarFiles(corrupt)).toThrow('bad header checksum');
    expect(() => tarFiles(good.subarray(0, 1024))).toThrow('archive ends inside');
  });
});

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileRange } from './blob-source';
import { tarIndex } from './tar-reader';

// Archives written by the real tar program in each format it knows.
function archive(format: string, files: Record<string, Buffer | string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tar-reader-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, 'src', name, '..'), { recursive: true });
    writeFileSync(join(dir, 'src', name), content);
  }
  execFileSync('tar', [`--format=${format}`, '-cf', join(dir, 'a.tar'), '-C', join(dir, 'src'), '.']);
  return join(dir, 'a.tar');
}

const LONG = `blobs/sha256/${'d'.repeat(64)}/${'n'.repeat(80)}/file.json`;

describe('tarIndex', () => {
  it.each(['ustar', 'pax', 'gnu'])('finds the regular files of a %s archive; their ranges hold the exact contents', (format) => {
    const big = Buffer.alloc((1 << 20) | 7, 0xab);
    const files =
      format === 'ustar'
        ? { 'index.json': '{"a":1}', [`blobs/sha256/${'a'.repeat(64)}`]: big, empty: '' }
        : { 'index.json': '{"a":1}', [LONG]: 'long', [`blobs/sha256/${'a'.repeat(64)}`]: big, empty: '' };
    const path = archive(format, files);
    const index = tarIndex(path);
    for (const [name, content] of Object.entries(files)) {
      const entry = index.get(name);
      expect(entry).toBeDefined();
      const range = fileRange(path, entry?.offset ?? 0, entry?.size ?? 0);
      expect(range.read(0, range.size).equals(Buffer.from(content))).toBe(true);
    }
    expect([...index.keys()].sort()).toEqual(Object.keys(files).sort());
  });

  it('rejects a corrupted header and a truncated archive', () => {
    const path = archive('ustar', { 'index.json': 'x'.repeat(2000) });
    const good = readFileSync(path);
    const corrupt = Buffer.from(good);
    corrupt[10] = 0x41;
    writeFileSync(`${path}.bad`, corrupt);
    expect(() => tarIndex(`${path}.bad`)).toThrow('bad header checksum');
    writeFileSync(`${path}.cut`, good.subarray(0, 1536));
    expect(() => tarIndex(`${path}.cut`)).toThrow('archive ends inside');
  });
});

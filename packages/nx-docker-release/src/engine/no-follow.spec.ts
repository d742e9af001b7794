import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNoFollow } from './no-follow';

describe('readNoFollow', () => {
  it('reads a file, never through a link; missing is undefined', () => {
    const dir = mkdtempSync(join(tmpdir(), 'no-follow-'));
    try {
      writeFileSync(join(dir, 'file'), 'content');
      symlinkSync(join(dir, 'file'), join(dir, 'link'));
      expect(readNoFollow(join(dir, 'file'))).toBe('content');
      expect(readNoFollow(join(dir, 'link'))).toBeUndefined();
      expect(readNoFollow(join(dir, 'missing'))).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

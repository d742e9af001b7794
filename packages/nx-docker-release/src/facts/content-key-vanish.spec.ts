import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A file that vanishes between the directory listing and its read, as `.git/index.lock` does
// while git runs: fs.openSync of that one path fails with ENOENT.
jest.mock('node:fs', () => {
  const real = jest.requireActual<typeof import('node:fs')>('node:fs');
  return {
    ...real,
    openSync: (path: string, ...rest: never[]) => {
      if (String(path).endsWith('index.lock')) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
      return (real.openSync as (...a: unknown[]) => number)(path, ...rest);
    },
  };
});

import { contentKey } from './content-key';
import { ReleaseError } from '../release/release-error';

describe('contentKey while another process changes the context', () => {
  it('a file that vanishes mid-walk is one line naming it, not a stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'content-key-vanish-'));
    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\nCOPY . .\n');
    writeFileSync(join(dir, 'index.lock'), 'lock');
    const run = (): string => contentKey({ context: dir, dockerfile: join(dir, 'Dockerfile'), buildArgs: {}, platforms: [], secretIds: [] });
    expect(run).toThrow(ReleaseError);
    expect(run).toThrow(`content key: ${join(dir, 'index.lock')} vanished while the build inputs were read (another process is changing them); run again when it is done`);
  });
});

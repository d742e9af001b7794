import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobLedger } from './relay/blob-ledger';
import { ownedDirectory, UnsafeDirectoryError } from './owned-dir';
import { recordRunEntry, readRunEntries } from '../report/run-report';

const D = `sha256:${'e'.repeat(64)}`;

/** What another local user (or a careless chmod) leaves in the shared temp directory. */
describe('directories shared between runs are this user private ones, or unused', () => {
  let base: string;
  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'owned-dir-spec-'));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(base, { recursive: true, force: true });
  });

  it('a missing directory is made 0700 and used', () => {
    expect(ownedDirectory(join(base, 'new'))).toBe(join(base, 'new'));
  });

  it.each([
    ['open to other users', (p: string) => (mkdirSync(p), chmodSync(p, 0o777)), /is open to other users \(mode 777\)/],
    ['a link to a directory', (p: string) => (mkdirSync(`${p}-real`, { mode: 0o700 }), symlinkSync(`${p}-real`, p)), /is not a directory \(a link or a file\)/],
    ['a file', (p: string) => writeFileSync(p, ''), /is not a directory/],
  ])('%s is refused', (_what, make, message) => {
    const path = join(base, 'shared');
    make(path);
    expect(() => ownedDirectory(path)).toThrow(UnsafeDirectoryError);
    expect(() => ownedDirectory(path)).toThrow(message);
  });

  it("another user's directory is refused", () => {
    const path = join(base, 'theirs');
    mkdirSync(path, { mode: 0o700 });
    jest.spyOn(process, 'getuid').mockReturnValue(4242);
    expect(() => ownedDirectory(path)).toThrow(/belongs to uid \d+, not this user \(4242\)/);
  });

  it('the blob ledger in a directory open to others is off: it reads no record, writes none, and says why', async () => {
    const root = join(base, 'ledger');
    mkdirSync(root);
    chmodSync(root, 0o777);
    const ledger = new BlobLedger(root, 5, 50);
    ledger.record('r:5000', D, 'team/api');
    expect(ledger.where('r:5000', D)).toBeUndefined();
    expect((await ledger.claim('r:5000', D)).kind).toBe('mine');
    expect(ledger.unusable).toMatch(/open to other users/);
  });

  it('a record that is a link is not followed (a root-only file never becomes a repository name)', () => {
    const root = join(base, 'ledger');
    const ledger = new BlobLedger(root, 5, 50);
    ledger.record('r:5000', D, 'team/api');
    const [dir] = readdirSync(root);
    const record = join(root, dir!, D.replace(/[^a-z0-9]/gi, '_'));
    rmSync(record);
    writeFileSync(join(base, 'secret'), 'root-only-content');
    symlinkSync(join(base, 'secret'), record);
    expect(ledger.where('r:5000', D)).toBeUndefined();
  });

  it('a run directory another user made is not written to or read', () => {
    const dir = join(base, 'run');
    mkdirSync(dir);
    chmodSync(dir, 0o777);
    writeFileSync(join(dir, 'planted.json'), JSON.stringify({ project: 'planted', target: 'release' }));
    recordRunEntry({ NX_DOCKER_RELEASE_RUN: dir }, { project: 'svc', target: 'release', error: 'x' });
    expect(readdirSync(dir)).toEqual(['planted.json']);
    expect(readRunEntries(dir)).toEqual([]);
    chmodSync(dir, 0o700);
    expect(readRunEntries(dir).map((e) => e.project)).toEqual(['planted']);
  });
});

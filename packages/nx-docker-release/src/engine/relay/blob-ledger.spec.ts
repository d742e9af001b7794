import { mkdtempSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobLedger } from './blob-ledger';

const D = `sha256:${'d'.repeat(64)}`;

describe('BlobLedger', () => {
  const fresh = (waitMs = 5000): BlobLedger => new BlobLedger(mkdtempSync(join(tmpdir(), 'ledger-spec-')), 5, waitMs);

  it('the first claim is mine; a second waits for it, then learns the repository', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ledger-spec-'));
    const a = new BlobLedger(root, 5);
    const b = new BlobLedger(root, 5);
    const first = await a.claim('r:5000', D);
    expect(first.kind).toBe('mine');
    let answered: unknown;
    const second = b.claim('r:5000', D).then((x) => (answered = x));
    await new Promise((r) => setTimeout(r, 30));
    expect(answered).toBeUndefined(); // still waiting
    if (first.kind === 'mine') first.claim.release('team/api');
    await second;
    expect(answered).toEqual({ kind: 'elsewhere', repository: 'team/api' });
    expect(a.where('r:5000', D)).toBe('team/api');
    expect(a.where('other:5000', D)).toBeUndefined();
  });

  it('a claim released without a repository (the upload never happened) lets the next one claim', async () => {
    const ledger = fresh();
    const first = await ledger.claim('r', D);
    if (first.kind === 'mine') first.claim.release();
    expect((await ledger.claim('r', D)).kind).toBe('mine');
  });

  it('a lock whose owner died is taken over', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ledger-spec-'));
    const ledger = new BlobLedger(root, 5, 5000);
    const held = await ledger.claim('r', D);
    expect(held.kind).toBe('mine');
    const [dir] = readdirSync(root);
    const lock = readdirSync(join(root, dir)).find((f) => f.endsWith('.lock'))!;
    writeFileSync(join(root, dir, lock), '2147483646'); // no such process
    expect((await new BlobLedger(root, 5, 5000).claim('r', D)).kind).toBe('mine');
  });

  it('gives up waiting after its limit and uploads itself', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ledger-spec-'));
    await new BlobLedger(root, 5).claim('r', D);
    const started = Date.now();
    expect((await new BlobLedger(root, 5, 50).claim('r', D)).kind).toBe('mine');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

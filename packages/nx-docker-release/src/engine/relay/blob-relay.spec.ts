import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { BlobSource } from '../blob-source';
import type { RegistryClient } from '../registry-client';
import { BlobLedger } from './blob-ledger';
import { BlobRelay } from './blob-relay';

const D = (n: number): string => `sha256:${String(n).repeat(64).slice(0, 64)}`;

/** A registry client over an in-memory set of blobs per repository, recording what it was asked. */
function fakeRegistry(held: Record<string, Record<string, number>>, mountable = true) {
  const calls: string[] = [];
  const client = {
    async blobSize(repo: string, digest: string) {
      calls.push(`HEAD ${repo} ${digest}`);
      return held[repo]?.[digest] ?? null;
    },
    async hasBlob(repo: string, digest: string) {
      return held[repo]?.[digest] !== undefined;
    },
    async mountBlob(repo: string, digest: string, from: string) {
      calls.push(`MOUNT ${repo} ${digest} from ${from}`);
      if (!mountable || held[from]?.[digest] === undefined) return false;
      (held[repo] ??= {})[digest] = held[from][digest];
      return true;
    },
    async uploadBlob(repo: string, digest: string, source: BlobSource) {
      const chunks: Buffer[] = [];
      for await (const c of source.open()) chunks.push(c as Buffer);
      calls.push(`UPLOAD ${repo} ${digest} ${Buffer.concat(chunks).length} bytes`);
      (held[repo] ??= {})[digest] = source.size;
    },
    remoteBlob(repo: string, digest: string, size: number): BlobSource {
      calls.push(`GET ${repo} ${digest}`);
      return { size, open: () => Readable.from([Buffer.alloc(size, 1)]), read: () => Buffer.alloc(0) };
    },
  };
  return { client: client as unknown as RegistryClient, calls, held };
}

describe('BlobRelay', () => {
  it('answers from the target when it holds the blob: no mount, no upload', async () => {
    const target = fakeRegistry({ app: { [D(1)]: 10 } });
    const relay = new BlobRelay([{ registry: 'r', repository: 'app', client: target.client }], async () => undefined);
    expect(await relay.ensure(D(1))).toBe(10);
    expect(await relay.ensure(D(1))).toBe(10); // asked once
    expect(target.calls).toEqual([`HEAD app ${D(1)}`]);
    expect(relay.stats).toEqual({ uploaded: 0, alreadyPresent: 1, copied: 0 });
  });

  it('mounts a base layer from another repository of the same registry', async () => {
    const target = fakeRegistry({ base: { [D(2)]: 300 } });
    const relay = new BlobRelay([{ registry: 'r', repository: 'app', client: target.client }], async (d) =>
      d === D(2) ? { client: target.client, registry: 'r', repository: 'base', size: 300 } : undefined,
    );
    expect(await relay.ensure(D(2))).toBe(300);
    expect(target.calls).toEqual([`HEAD app ${D(2)}`, `MOUNT app ${D(2)} from base`]);
    expect(target.held.app[D(2)]).toBe(300);
    expect(relay.stats.copied).toBe(1);
  });

  it('copies a base layer from another registry blob to blob, and only once', async () => {
    const source = fakeRegistry({ base: { [D(3)]: 64 } });
    const target = fakeRegistry({});
    const relay = new BlobRelay([{ registry: 'b', repository: 'app', client: target.client }], async () => ({ client: source.client, registry: 'a', repository: 'base', size: 64 }));
    const [x, y] = await Promise.all([relay.ensure(D(3)), relay.ensure(D(3))]);
    expect([x, y]).toEqual([64, 64]);
    expect(source.calls).toEqual([`GET base ${D(3)}`]);
    expect(target.calls).toEqual([`HEAD app ${D(3)}`, `UPLOAD app ${D(3)} 64 bytes`]);
  });

  it('falls back to a copy when the registry declines the mount', async () => {
    const target = fakeRegistry({ base: { [D(4)]: 8 } }, false);
    const relay = new BlobRelay([{ registry: 'r', repository: 'app', client: target.client }], async () => ({ client: target.client, registry: 'r', repository: 'base', size: 8 }));
    expect(await relay.ensure(D(4))).toBe(8);
    expect(target.calls).toEqual([`HEAD app ${D(4)}`, `MOUNT app ${D(4)} from base`, `GET base ${D(4)}`, `UPLOAD app ${D(4)} 8 bytes`]);
  });

  it('a blob nobody holds must come from the build: null, then the upload reaches every target', async () => {
    const one = fakeRegistry({});
    const two = fakeRegistry({});
    const relay = new BlobRelay(
      [
        { registry: 'r1', repository: 'app', client: one.client },
        { registry: 'r2', repository: 'mirror/app', client: two.client },
      ],
      async () => undefined,
    );
    expect(await relay.ensure(D(5))).toBeNull();
    const file = join(mkdtempSync(join(tmpdir(), 'blob-relay-')), 'blob');
    writeFileSync(file, 'twelve bytes');
    await relay.upload(D(5), file, 12);
    expect(one.calls.at(-1)).toBe(`UPLOAD app ${D(5)} 12 bytes`);
    expect(two.calls.at(-1)).toBe(`UPLOAD mirror/app ${D(5)} 12 bytes`);
    expect(await relay.ensure(D(5))).toBe(12);
    expect(relay.stats).toEqual({ uploaded: 1, alreadyPresent: 0, copied: 0 });
  });

  it('a failed look-up is not remembered: the next ask tries again', async () => {
    let fail = true;
    const target = fakeRegistry({ app: { [D(6)]: 1 } });
    const flaky = { ...target.client, blobSize: async () => (fail ? Promise.reject(new Error('503')) : 1) } as unknown as RegistryClient;
    const relay = new BlobRelay([{ registry: 'r', repository: 'app', client: flaky }], async () => undefined);
    await expect(relay.ensure(D(6))).rejects.toThrow('503');
    fail = false;
    expect(await relay.ensure(D(6))).toBe(1);
  });
});

describe('BlobRelay with a ledger shared by parallel releases', () => {
  it('a blob no base image holds: the first release uploads it, the next mounts it from there', async () => {
    const root = mkdtempSync(join(tmpdir(), 'relay-ledger-'));
    const registry = fakeRegistry({});
    const file = join(root, 'blob');
    writeFileSync(file, Buffer.alloc(7, 2));
    const one = new BlobRelay([{ registry: 'r', repository: 'one', client: registry.client }], async () => undefined, undefined, new BlobLedger(join(root, 'l'), 5));
    const two = new BlobRelay([{ registry: 'r', repository: 'two', client: registry.client }], async () => undefined, undefined, new BlobLedger(join(root, 'l'), 5));
    expect(await one.ensure(D(3))).toBeNull(); // claimed: BuildKit uploads it to one
    const waiting = two.ensure(D(3));
    await one.upload(D(3), file, 7);
    expect(await waiting).toBe(7);
    expect(registry.calls.filter((c) => c.startsWith('UPLOAD') || c.startsWith('MOUNT'))).toEqual([`UPLOAD one ${D(3)} 7 bytes`, `MOUNT two ${D(3)} from one`]);
    expect(two.stats).toMatchObject({ copied: 1, shared: 1, uploaded: 0 });
    one.settle();
    two.settle();
  });
});

describe('BlobRelay with a stale ledger record', () => {
  it('a record naming a repository that lacks the blob is forgotten; this release claims and uploads', async () => {
    const root = mkdtempSync(join(tmpdir(), 'relay-ledger-'));
    const ledger = new BlobLedger(join(root, 'l'), 5);
    const old = await ledger.claim('r', D(4));
    if (old.kind === 'mine') old.claim.release('gone'); // an earlier registry on the same address
    const registry = fakeRegistry({});
    const file = join(root, 'blob');
    writeFileSync(file, Buffer.alloc(5, 1));
    const relay = new BlobRelay([{ registry: 'r', repository: 'app', client: registry.client }], async () => undefined, undefined, ledger);
    expect(await relay.ensure(D(4))).toBeNull();
    await relay.upload(D(4), file, 5);
    expect(registry.calls.filter((c) => !c.startsWith('HEAD'))).toEqual([`MOUNT app ${D(4)} from gone`, `UPLOAD app ${D(4)} 5 bytes`]);
    expect(ledger.where('r', D(4))).toBe('app');
  });
});

describe('BlobRelay: a blob BuildKit pushes without asking first', () => {
  it('is mounted from where another release put it, and recorded when uploaded', async () => {
    const root = mkdtempSync(join(tmpdir(), 'relay-ledger-'));
    const ledger = new BlobLedger(join(root, 'l'), 5);
    const registry = fakeRegistry({});
    const file = join(root, 'blob');
    writeFileSync(file, Buffer.alloc(9, 3));
    const one = new BlobRelay([{ registry: 'r', repository: 'one', client: registry.client }], async () => undefined, undefined, ledger);
    await one.upload(D(5), file, 9); // no ensure() before it
    expect(ledger.where('r', D(5))).toBe('one');
    const two = new BlobRelay([{ registry: 'r', repository: 'two', client: registry.client }], async () => undefined, undefined, ledger);
    await two.upload(D(5), file, 9);
    expect(registry.calls.filter((c) => !c.startsWith('HEAD'))).toEqual([`UPLOAD one ${D(5)} 9 bytes`, `MOUNT two ${D(5)} from one`]);
    expect(two.stats).toMatchObject({ uploaded: 0, copied: 1, shared: 1 });
  });
});

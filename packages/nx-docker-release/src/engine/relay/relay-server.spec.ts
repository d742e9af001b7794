import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from '../http';
import type { Manifest, RegistryClient } from '../registry-client';
import type { BlobRelay } from './blob-relay';
import { startRelay, type Relay } from './relay-server';

const digestOf = (b: Buffer | string): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

describe('the relay BuildKit pushes to', () => {
  const uploads: { digest: string; bytes: string }[] = [];
  const putManifests: string[] = [];
  const known = new Map<string, number>();
  const blobs = {
    ensure: async (digest: string) => known.get(digest) ?? null,
    upload: async (digest: string, file: string) => {
      uploads.push({ digest, bytes: readFileSync(file, 'utf8') });
    },
  } as unknown as BlobRelay;
  const client = {
    putManifest: async (_repo: string, ref: string, m: Manifest) => {
      putManifests.push(`${ref} ${m.mediaType}`);
      return m.digest;
    },
    getBlob: async () => Buffer.from('{"from":"registry"}'),
  } as unknown as RegistryClient;
  let relay: Relay;
  let auth: Record<string, string>;
  const call = (method: string, path: string, body?: Buffer, headers: Record<string, string> = auth) => request(new URL(`http://${relay.host}${path}`), { method, headers, body });

  beforeAll(async () => {
    relay = await startRelay({ blobs, targets: [{ repository: 'org/app', client }], repository: 'org/app', scratch: mkdtempSync(join(tmpdir(), 'relay-spec-')) });
    auth = { Authorization: `Basic ${Buffer.from(`${relay.username}:${relay.password}`).toString('base64')}` };
  });
  afterAll(() => relay.close());

  it('asks for its per-run login (a Basic challenge) and refuses a wrong one', async () => {
    const anonymous = await call('GET', '/v2/', undefined, {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.header('www-authenticate')).toBe('Basic realm="nx-docker-release relay"');
    expect((await call('GET', '/v2/', undefined, { Authorization: `Basic ${Buffer.from(`${relay.username}:wrong`).toString('base64')}` })).status).toBe(401);
    expect((await call('GET', '/v2/')).status).toBe(200);
    expect(relay.name).toBe(`${relay.host}/org/app`);
  });

  it('serves only its own repository', async () => {
    expect((await call('HEAD', `/v2/other/blobs/${digestOf('x')}`)).status).toBe(404);
  });

  it('a chunked upload is checked against its digest, then handed on', async () => {
    const start = await call('POST', '/v2/org/app/blobs/uploads/');
    expect(start.status).toBe(202);
    const location = start.header('location') ?? '';
    const patched = await call('PATCH', location, Buffer.from('hello '));
    expect(patched.status).toBe(202);
    expect(patched.header('range')).toBe('0-5');
    const done = await call('PUT', `${location}?digest=${digestOf('hello world')}`, Buffer.from('world'));
    expect(done.status).toBe(201);
    expect(done.header('docker-content-digest')).toBe(digestOf('hello world'));
    expect(uploads).toEqual([{ digest: digestOf('hello world'), bytes: 'hello world' }]);
    // BuildKit reads a config back: the bytes it sent, not the registry's.
    expect((await call('GET', `/v2/org/app/blobs/${digestOf('hello world')}`)).body.toString()).toBe('hello world');
  });

  it('refuses an upload whose bytes do not match the digest and hands nothing on', async () => {
    const start = await call('POST', '/v2/org/app/blobs/uploads/');
    const res = await call('PUT', `${start.header('location')}?digest=${digestOf('other')}`, Buffer.from('tampered'));
    expect(res.status).toBe(400);
    expect(res.body.toString()).toContain('DIGEST_INVALID');
    expect(uploads).toHaveLength(1);
  });

  it('HEAD and mount answer from what the registries hold', async () => {
    const base = digestOf('base layer');
    expect((await call('HEAD', `/v2/org/app/blobs/${base}`)).status).toBe(404);
    known.set(base, 330);
    const head = await call('HEAD', `/v2/org/app/blobs/${base}`);
    expect([head.status, head.header('content-length')]).toEqual([200, '330']);
    const mount = await call('POST', `/v2/org/app/blobs/uploads/?mount=${base}&from=elsewhere`);
    expect(mount.status).toBe(201);
  });

  it('keeps a manifest pushed under a tag for the caller, and stores a manifest pushed by digest right away', async () => {
    const body = Buffer.from('{"schemaVersion":2}');
    const type = { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' };
    const res = await call('PUT', '/v2/org/app/manifests/sha-0123456', body, { ...auth, ...type });
    expect([res.status, res.header('docker-content-digest')]).toEqual([201, digestOf(body)]);
    expect(putManifests).toEqual([]);
    expect(relay.tagged('sha-0123456')).toEqual({ digest: digestOf(body), mediaType: type['Content-Type'], bytes: body });
    const read = await call('GET', '/v2/org/app/manifests/sha-0123456');
    expect([read.status, read.body.toString(), read.header('content-type')]).toEqual([200, body.toString(), type['Content-Type']]);
    const child = Buffer.from('{"schemaVersion":2,"child":true}');
    await call('PUT', `/v2/org/app/manifests/${digestOf(child)}`, child, { ...auth, ...type });
    expect(putManifests).toEqual([`${digestOf(child)} ${type['Content-Type']}`]);
    expect(relay.requests()).toBeGreaterThan(10);
  });
});

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bufferSource, fileRange, type BlobSource } from './blob-source';
import { cancel, resetCancellation } from './cancellation';
import { CHUNK, CHUNKED_ABOVE, isLoopbackHost, ManifestDigestError, RegistryAuthError, RegistryClient, RegistryError } from './registry-client';

// A loopback server playing registry and token service (the e2e specs use the real registry;
// this one covers the bearer-token flow that registry does not offer).
async function serve(handler: (req: IncomingMessage, res: ServerResponse, base: string) => void): Promise<{ host: string; base: string; hits: string[]; close: () => Promise<void> }> {
  const hits: string[] = [];
  let base = '';
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url} ${req.headers.authorization ?? '-'}`);
    req.resume().on('end', () => handler(req, res, base));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  base = `http://${host}`;
  const close = (): Promise<void> => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve())));
  servers.push(close);
  return { host, base, hits, close };
}

// A failed expectation skips a test's own close(); without this, the open server keeps jest alive.
const servers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((close) => close()));
});

const fast = { attempts: 3, minDelayMs: 1, maxDelayMs: 5 };
const MANIFEST = '{"schemaVersion":2}';
const MANIFEST_DIGEST = `sha256:${createHash('sha256').update(MANIFEST).digest('hex')}`;
const creds = { username: 'bot', password: 's3cret', passwordEnv: 'REG_PASS' };
const basic = `Basic ${Buffer.from('bot:s3cret').toString('base64')}`;

describe('RegistryClient over node:http', () => {
  it('answers a Bearer challenge with a token fetched for the repository scope, then reuses it', async () => {
    const srv = await serve((req, res, base) => {
      if (req.url?.startsWith('/token')) {
        if (req.headers.authorization !== basic) return void ((res.statusCode = 401), res.end());
        return void res.end(JSON.stringify({ token: 'tok-1' }));
      }
      if (req.headers.authorization !== 'Bearer tok-1') {
        res.statusCode = 401;
        res.setHeader('WWW-Authenticate', `Bearer realm="${base}/token",service="reg",scope="repository:team/app:pull"`);
        return void res.end();
      }
      res.setHeader('Content-Type', 'application/vnd.oci.image.manifest.v1+json');
      res.setHeader('Docker-Content-Digest', MANIFEST_DIGEST);
      res.end(MANIFEST);
    });
    const told: string[] = [];
    const client = new RegistryClient({ registry: srv.host, credentials: creds, retry: fast, onSecret: (t) => told.push(t) });
    const manifest = await client.getManifest('team/app', 'v1');
    expect(told).toEqual(['tok-1']); // the token is redacted from logs like a password
    expect(manifest).toMatchObject({ digest: MANIFEST_DIGEST, mediaType: 'application/vnd.oci.image.manifest.v1+json' });
    await client.getManifest('team/app', 'v2');
    expect(srv.hits).toEqual([
      `GET /v2/team/app/manifests/v1 ${basic}`,
      `GET /token?service=reg&scope=repository%3Ateam%2Fapp%3Apull%2Cpush ${basic}`,
      'GET /v2/team/app/manifests/v1 Bearer tok-1',
      'GET /v2/team/app/manifests/v2 Bearer tok-1',
    ]);
    await srv.close();
  });

  it('fails a refused login at once, naming registry and variable, without retrying', async () => {
    const srv = await serve((_req, res) => ((res.statusCode = 401), res.end('{"errors":[{"code":"UNAUTHORIZED"}]}')));
    const client = new RegistryClient({ registry: srv.host, credentials: creds, retry: fast });
    const err = await client.getManifest('team/app', 'v1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryAuthError);
    expect((err as Error).message).toBe(`registry ${srv.host} refused the credentials in REG_PASS (HTTP 401); not retried`);
    expect((err as Error).message).not.toContain('s3cret');
    expect(srv.hits).toHaveLength(1);
    await srv.close();
  });

  it('retries 503 and a missing manifest right after upload, then succeeds; 404 on GET is "absent"', async () => {
    let n = 0;
    const srv = await serve((req, res) => {
      n++;
      if (req.method === 'PUT' && n === 1) return void ((res.statusCode = 503), res.end());
      if (req.method === 'PUT' && n === 2) return void ((res.statusCode = 400), res.end('{"errors":[{"code":"MANIFEST_BLOB_UNKNOWN"}]}'));
      if (req.method === 'GET') return void ((res.statusCode = 404), res.end());
      res.statusCode = 201;
      res.end();
    });
    const retries: string[] = [];
    const client = new RegistryClient({ registry: srv.host, retry: fast, onRetry: (m) => retries.push(m) });
    await expect(client.putManifest('team/app', 'v1', { digest: 'sha256:abc', mediaType: 'application/vnd.oci.image.manifest.v1+json', bytes: Buffer.from('{}') })).resolves.toBe(
      `sha256:${createHash('sha256').update('{}').digest('hex')}`,
    );
    expect(retries).toHaveLength(2);
    await expect(client.getManifest('team/app', 'nope')).resolves.toBeNull();
    await srv.close();
  });

  it('gives up on a registry that refuses connections after the configured attempts', async () => {
    const srv = await serve((_req, res) => res.end());
    await srv.close();
    const retries: string[] = [];
    const client = new RegistryClient({ registry: srv.host, retry: fast, onRetry: (m) => retries.push(m) });
    await expect(client.hasBlob('team/app', 'sha256:abc')).rejects.toThrow(`HEAD ${srv.host}/v2/team/app/blobs/sha256:abc: ECONNREFUSED`);
    expect(retries).toHaveLength(2);
  });
});

describe('RegistryClient: the decoded error code decides, not the message text', () => {
  const manifest = { digest: 'sha256:abc', mediaType: 'application/vnd.oci.image.manifest.v1+json', bytes: Buffer.from('{}') };
  const answer =
    (status: number, body: string, headers: Record<string, string> = {}) =>
    (_req: IncomingMessage, res: ServerResponse) => {
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      res.end(body);
    };

  it('a 404 NAME_UNKNOWN whose message says DENIED fails at once as what it is, not as a refusal', async () => {
    const body = '{"errors":[{"code":"NAME_UNKNOWN","message":"access DENIED: repository name not known to registry"}]}';
    const srv = await serve(answer(404, body));
    const client = new RegistryClient({ registry: srv.host, credentials: creds, retry: fast });
    const err = await client.putManifest('team/app', 'v1', manifest).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect(err).not.toBeInstanceOf(RegistryAuthError);
    expect(err).toMatchObject({ transient: false, codes: ['NAME_UNKNOWN'], answer: { status: 404 } });
    expect((err as Error).message).toBe(`PUT ${srv.host}/v2/team/app/manifests/v1: HTTP 404 ${body}`);
    expect(srv.hits).toHaveLength(1);
    await srv.close();
  });

  it('a 500 page that says UNAUTHORIZED is retried by its status, then succeeds', async () => {
    let n = 0;
    const srv = await serve((req, res) => (++n === 1 ? answer(500, '<html>500: UNAUTHORIZED upstream, DENIED</html>')(req, res) : res.end('{}')));
    const retries: string[] = [];
    const client = new RegistryClient({ registry: srv.host, credentials: creds, retry: fast, onRetry: (m) => retries.push(m) });
    await expect(client.getManifest('team/app', 'v1')).resolves.toMatchObject({ bytes: Buffer.from('{}') });
    expect(retries).toEqual([expect.stringMatching(new RegExp(`^GET ${srv.host.replace(/\./g, '\\.')}/v2/team/app/manifests/v1: HTTP 500 <html>.*\\(attempt 1/3, retrying in \\d+ ms\\)$`))]);
    await srv.close();
  });

  it('DENIED under a 404 is a refusal: one line naming the registry, one request', async () => {
    const srv = await serve(answer(404, '{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}'));
    const client = new RegistryClient({ registry: srv.host, retry: fast });
    const err = await client.getBlob('team/app', `sha256:${'d'.repeat(64)}`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryAuthError);
    expect((err as Error).message).toBe(`registry ${srv.host} refused anonymous access (set the login option) (HTTP 404); not retried`);
    expect(err).toMatchObject({ codes: ['DENIED'], answer: { status: 404 } });
    expect(srv.hits).toHaveLength(1);
    await srv.close();
  });

  it('429 TOOMANYREQUESTS waits as long as Retry-After says (capped), then succeeds', async () => {
    let n = 0;
    const srv = await serve((req, res) => (++n === 1 ? answer(429, '{"errors":[{"code":"TOOMANYREQUESTS","message":"slow down"}]}', { 'Retry-After': '0' })(req, res) : res.end()));
    const retries: string[] = [];
    const client = new RegistryClient({ registry: srv.host, retry: { attempts: 2, minDelayMs: 4000, maxDelayMs: 4000 }, onRetry: (m) => retries.push(m) });
    await expect(client.hasBlob('team/app', `sha256:${'e'.repeat(64)}`)).resolves.toBe(true);
    expect(retries).toEqual([`HEAD ${srv.host}/v2/team/app/blobs/sha256:${'e'.repeat(64)}: HTTP 429  (attempt 1/2, retrying in 0 ms)`]);
    await srv.close();
  });

  it('a chunk answered 416 starts the upload session over instead of failing', async () => {
    const bytes = Buffer.alloc(CHUNKED_ABOVE + 1, 7);
    const memory = (b: Buffer): BlobSource => ({ ...bufferSource(b), slice: (start, end) => memory(b.subarray(start, end)) });
    let sessions = 0;
    const srv = await serve((req, res) => {
      if (req.method === 'POST') return void (res.writeHead(202, { Location: `/v2/team/app/blobs/uploads/s${++sessions}`, Range: '0-0' }), res.end());
      if (req.method === 'PATCH' && req.url === '/v2/team/app/blobs/uploads/s1') return answer(416, '{"errors":[{"code":"BLOB_UPLOAD_INVALID","message":"invalid content range"}]}')(req, res);
      res.writeHead(req.method === 'PATCH' ? 202 : 201, { Location: req.url ?? '' });
      res.end();
    });
    const retries: string[] = [];
    const client = new RegistryClient({ registry: srv.host, retry: fast, onRetry: (m) => retries.push(m) });
    await client.uploadBlob('team/app', `sha256:${'f'.repeat(64)}`, memory(bytes));
    expect(srv.hits.map((h) => h.split(' ').slice(0, 2).join(' ').replace(/\?.*/, ''))).toEqual([
      'POST /v2/team/app/blobs/uploads/',
      'PATCH /v2/team/app/blobs/uploads/s1',
      'DELETE /v2/team/app/blobs/uploads/s1', // the abandoned session goes, not left for the registry's clean-up
      'POST /v2/team/app/blobs/uploads/',
      'PATCH /v2/team/app/blobs/uploads/s2',
      'PATCH /v2/team/app/blobs/uploads/s2',
      'PATCH /v2/team/app/blobs/uploads/s2',
      'PUT /v2/team/app/blobs/uploads/s2',
    ]);
    expect(retries).toEqual([expect.stringMatching(/: HTTP 416 .*\(upload attempt 1, retrying in \d+ ms\)$/)]);
    await srv.close();
    expect(bytes.length).toBeGreaterThan(2 * CHUNK); // three chunks: 16 MiB, 16 MiB, 1 byte
  });
});

describe('blobs read back are checked against their digest', () => {
  it('retries a blob whose bytes do not hash to its digest, then gives up naming both', async () => {
    const srv = await serve((_req, res) => res.end('{"tampered":true}'));
    const wanted = `sha256:${createHash('sha256').update('{"label":"x"}').digest('hex')}`;
    const client = new RegistryClient({ registry: srv.host, retry: fast });
    await expect(client.getBlob('team/app', wanted)).rejects.toThrow(/: the bytes received hash to sha256:[0-9a-f]{64}$/);
    expect(srv.hits.filter((h) => h.startsWith('GET /v2/team/app/blobs/'))).toHaveLength(fast.attempts);
    await srv.close();
  });
});

describe('chunked upload of a big blob', () => {
  it('resumes after a dropped connection from the offset the registry reports, not from byte 0', async () => {
    const size = 40 * 1024 * 1024 + 123;
    const bytes = randomBytes(size);
    const file = join(mkdtempSync(join(tmpdir(), 'chunked-')), 'blob');
    writeFileSync(file, bytes);
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    let held = Buffer.alloc(0);
    let received = 0;
    let patches = 0;
    const log: string[] = [];
    const server = createServer((req, res) => {
      const url = req.url ?? '';
      if (req.method === 'POST') {
        log.push('POST');
        res.writeHead(202, { Location: '/v2/app/blobs/uploads/s1', Range: '0-0' });
        return void res.end();
      }
      if (req.method === 'GET') {
        log.push(`GET status ${held.length}`);
        res.writeHead(204, { Location: '/v2/app/blobs/uploads/s1', Range: `0-${held.length - 1}` });
        return void res.end();
      }
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => {
        chunks.push(c);
        received += c.length;
        // The second PATCH: keep the first 5 MB the registry got, then drop the connection.
        if (req.method === 'PATCH' && patches === 1 && Buffer.concat(chunks).length >= 5 * 1024 * 1024) {
          held = Buffer.concat([held, Buffer.concat(chunks).subarray(0, 5 * 1024 * 1024)]);
          patches++;
          req.socket.destroy();
        }
      });
      req.on('end', () => {
        if (req.method === 'PATCH') {
          log.push(`PATCH ${req.headers['content-range']}`);
          patches++;
          held = Buffer.concat([held, ...chunks]);
          res.writeHead(202, { Location: '/v2/app/blobs/uploads/s1', Range: `0-${held.length - 1}` });
          return void res.end();
        }
        log.push(`PUT ${new URL(url, 'http://x').searchParams.get('digest') === digest}`);
        const ok = createHash('sha256').update(held).digest('hex') === digest.slice(7);
        res.writeHead(ok ? 201 : 400);
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    const retries: string[] = [];
    const client = new RegistryClient({ registry: host, retry: fast, onRetry: (m) => retries.push(m) });
    await client.uploadBlob('app', digest, fileRange(file, 0, size));
    await new Promise((resolve) => (server.closeAllConnections(), server.close(resolve)));
    const mb = 1024 * 1024;
    expect(log).toEqual(['POST', `PATCH 0-${16 * mb - 1}`, `GET status ${21 * mb}`, `PATCH ${21 * mb}-${37 * mb - 1}`, `PATCH ${37 * mb}-${size - 1}`, 'PUT true']);
    expect(held.equals(bytes)).toBe(true);
    expect(received).toBeLessThan(size + 16 * mb); // at most one chunk sent twice
    expect(retries).toHaveLength(1);
  }, 30_000); // 40 MiB hashed and sent twice: slow on a busy 2-CPU runner
});

describe('which registries get plain HTTP', () => {
  it.each([
    ['127.0.0.1:5000', true],
    ['127.8.9.10', true],
    ['localhost:5000', true],
    ['localhost', true],
    ['[::1]:5000', true],
    ['127.corp.example', false],
    ['127.0.0.1.nip.io:5000', false],
    ['127.0.0.300', false],
    ['localhost.example.com', false],
    ['ghcr.io', false],
  ])('%s: loopback %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});

describe('RegistryClient: credentials go to the registry and nowhere else', () => {
  it('a storage host behind a redirect that answers 401 with its own Bearer realm gets no credentials; the failure names it', async () => {
    const storage = await serve((req, res, base) => {
      if (req.url?.startsWith('/token')) return void res.end(JSON.stringify({ token: 'stolen' }));
      res.statusCode = 401;
      res.setHeader('WWW-Authenticate', `Bearer realm="${base}/token",service="storage"`);
      res.end();
    });
    const registry = await serve((_req, res) => {
      res.statusCode = 307;
      res.setHeader('Location', `${storage.base}/signed/blob?sig=expired`);
      res.end();
    });
    const client = new RegistryClient({ registry: registry.host, credentials: creds, retry: fast });
    await expect(client.getBlob('team/app', `sha256:${'a'.repeat(64)}`)).rejects.toThrow(
      new RegExp(`redirected to ${storage.host.replace(/\./g, '\\.')}, which refused it \\(HTTP 401; an expired signed URL\\?\\)`),
    );
    expect(storage.hits.filter((h) => h.startsWith('GET /token'))).toEqual([]);
    expect(storage.hits.every((h) => !h.includes(basic) && !h.includes('s3cret'))).toBe(true);
    await Promise.all([storage.close(), registry.close()]);
  });

  it('a token realm over plain http on another host gets no Basic credentials; a realm that is not a URL is one line', async () => {
    for (const realm of ['http://auth.example.invalid/token', 'not a url']) {
      const srv = await serve((_req, res) => {
        res.statusCode = 401;
        res.setHeader('WWW-Authenticate', `Bearer realm="${realm}",service="reg"`);
        res.end();
      });
      const client = new RegistryClient({ registry: srv.host, credentials: creds, retry: fast });
      const err = await client.hasBlob('team/app', `sha256:${'b'.repeat(64)}`).catch((e: Error) => e);
      expect(err).toBeInstanceOf(RegistryAuthError);
      expect((err as Error).message).toMatch(
        realm.startsWith('http') ? /asks for credentials at http:\/\/auth\.example\.invalid, which is not https; none sent/ : /names a token realm that is not a URL/,
      );
      expect((err as Error).message).not.toContain('s3cret');
      await srv.close();
    }
  });
});

describe('RegistryClient: an upload Location on another host', () => {
  it('is refused in one line; no byte and no credential goes there', async () => {
    const elsewhere = await serve((_req, res) => void res.end());
    const srv = await serve((_req, res) => {
      res.statusCode = 202;
      res.setHeader('Location', `${elsewhere.base}/upload/123`);
      res.end();
    });
    const client = new RegistryClient({ registry: srv.host, credentials: creds, retry: fast });
    const err = await client.uploadBlob('team/app', `sha256:${'c'.repeat(64)}`, bufferSource(Buffer.from('layer bytes'))).catch((e: Error) => e);
    expect(err).toBeInstanceOf(RegistryAuthError);
    expect((err as Error).message).toBe(`registry ${srv.host} sends uploads of team/app to another host (${elsewhere.host}); not supported, nothing sent there`);
    expect(elsewhere.hits).toEqual([]);
    await Promise.all([srv.close(), elsewhere.close()]);
  });
});

describe('manifest digests are the digests of the bytes (a registry that lies is not believed)', () => {
  const lying = (header: (body: string) => string) =>
    serve((req, res) => {
      res.setHeader('Content-Type', 'application/vnd.oci.image.manifest.v1+json');
      if (req.method === 'PUT') {
        res.statusCode = 201;
        res.setHeader('Docker-Content-Digest', header(MANIFEST));
        return void res.end();
      }
      res.setHeader('Docker-Content-Digest', header(MANIFEST));
      res.end(MANIFEST);
    });

  it('a tag whose Docker-Content-Digest names other bytes is refused in one line naming the registry', async () => {
    const srv = await lying(() => `sha256:${'f'.repeat(64)}`);
    const client = new RegistryClient({ registry: srv.host, retry: fast });
    const err = (await client.getManifest('team/app', 'latest').catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(ManifestDigestError);
    expect(err.message).toBe(`registry ${srv.host}: team/app:latest was answered with a manifest whose bytes hash to ${MANIFEST_DIGEST}, not sha256:${'f'.repeat(64)}; not trusted`);
  });

  it('a manifest asked for by digest must hash to it, whatever the header says', async () => {
    const srv = await lying((body) => `sha256:${createHash('sha256').update(body).digest('hex')}`);
    const client = new RegistryClient({ registry: srv.host, retry: fast });
    await expect(client.getManifest('team/app', `sha256:${'e'.repeat(64)}`)).rejects.toThrow(/hash to sha256:[0-9a-f]{64}, not sha256:e{64}/);
    expect((await client.getManifest('team/app', MANIFEST_DIGEST))?.digest).toBe(MANIFEST_DIGEST);
  });

  it('without a header the digest is computed; a PUT answered with another digest fails', async () => {
    const none = await serve((_req, res) => res.end(MANIFEST));
    expect((await new RegistryClient({ registry: none.host, retry: fast }).getManifest('team/app', 'latest'))?.digest).toBe(MANIFEST_DIGEST);
    const srv = await lying(() => `sha256:${'f'.repeat(64)}`);
    const client = new RegistryClient({ registry: srv.host, retry: fast });
    const manifest = { digest: MANIFEST_DIGEST, mediaType: 'application/vnd.oci.image.manifest.v1+json', bytes: Buffer.from(MANIFEST) };
    await expect(client.putManifest('team/app', 'latest', manifest)).rejects.toThrow(`team/app:latest was stored as sha256:${'f'.repeat(64)}, not the ${MANIFEST_DIGEST} this run put; not trusted`);
  });
});

describe('a failed or cancelled upload leaves no session behind', () => {
  it('the closing PUT refused: the session is deleted at the Location the registry gave last', async () => {
    const srv = await serve((req, res) => {
      if (req.method === 'POST') {
        res.writeHead(202, { Location: '/v2/app/blobs/uploads/s1?_state=a' });
        return void res.end();
      }
      if (req.method === 'PUT') {
        res.writeHead(400, { 'Content-Type': 'application/json' });
        return void res.end(JSON.stringify({ errors: [{ code: 'DIGEST_INVALID', message: 'digest did not match' }] }));
      }
      res.writeHead(204);
      res.end();
    });
    const client = new RegistryClient({ registry: srv.host, retry: fast });
    const bytes = Buffer.from('layer');
    await expect(client.uploadBlob('app', `sha256:${createHash('sha256').update(bytes).digest('hex')}`, bufferSource(bytes))).rejects.toThrow(/DIGEST_INVALID|digest did not match/);
    expect(srv.hits.map((h) => h.split(' ').slice(0, 2).join(' ').replace(/\?.*/, ''))).toEqual(['POST /v2/app/blobs/uploads/', 'PUT /v2/app/blobs/uploads/s1', 'DELETE /v2/app/blobs/uploads/s1']);
    expect(srv.hits[2]).toContain('_state=a');
  });

  it('a cancelled run opens no upload, and an open one is deleted before the next chunk', async () => {
    const srv = await serve((_req, res) => {
      res.writeHead(202, { Location: '/v2/app/blobs/uploads/s2' });
      res.end();
    });
    const client = new RegistryClient({ registry: srv.host, retry: fast });
    const bytes = randomBytes(CHUNKED_ABOVE + 10);
    const file = join(mkdtempSync(join(tmpdir(), 'cancelled-')), 'blob');
    writeFileSync(file, bytes);
    const source = fileRange(file, 0, bytes.length);
    const patched = new Promise<void>((resolve) => {
      const original = srv.hits.push.bind(srv.hits);
      srv.hits.push = (...items: string[]) => {
        if (items.some((h) => h.startsWith('PATCH'))) {
          cancel('the Nx process went away');
          resolve();
        }
        return original(...items);
      };
    });
    try {
      const upload = client.uploadBlob('app', `sha256:${createHash('sha256').update(bytes).digest('hex')}`, source);
      await patched;
      await expect(upload).rejects.toThrow('cancelled: the Nx process went away');
      expect(srv.hits.filter((h) => h.startsWith('PATCH'))).toHaveLength(1);
      expect(srv.hits.at(-1)).toMatch(/^DELETE \/v2\/app\/blobs\/uploads\/s2/);
      await expect(client.uploadBlob('app', 'sha256:00', bufferSource(Buffer.from('x')))).rejects.toThrow('cancelled');
      expect(srv.hits.filter((h) => h.startsWith('POST'))).toHaveLength(1);
    } finally {
      resetCancellation();
    }
  });
});

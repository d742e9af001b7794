import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buffer } from 'node:stream/consumers';
import { ReleaseError } from '../release/release-error';
import { RegistryTransport } from './registry-transport';

describe('RegistryTransport.stream', () => {
  it('answers a Bearer challenge once with a token for the repository, keeping the caller headers', async () => {
    const hits: string[] = [];
    const server = createServer((req, res) => {
      hits.push(`${req.url} ${req.headers.authorization ?? '-'} ${req.headers.range ?? '-'}`);
      if (req.url?.startsWith('/token')) return void res.end(JSON.stringify({ access_token: 'tok' }));
      if (req.headers.authorization !== 'Bearer tok') {
        res.writeHead(401, { 'WWW-Authenticate': `Bearer realm="http://${req.headers.host}/token",service="reg"` });
        return void res.end();
      }
      res.writeHead(206);
      res.end('layer');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    const told: string[] = [];
    const transport = new RegistryTransport({ registry: host, onSecret: (t) => told.push(t) });
    try {
      const res = await transport.stream('team/app', new URL(`${transport.base}/v2/team/app/blobs/sha256:abc`), { Range: 'bytes=0-4' });
      expect(res.status).toBe(206);
      expect((await buffer(res.stream)).toString()).toBe('layer');
      expect(told).toEqual(['tok']);
      expect(hits).toEqual(['/v2/team/app/blobs/sha256:abc - bytes=0-4', '/token?service=reg&scope=repository%3Ateam%2Fapp%3Apull%2Cpush - -', '/v2/team/app/blobs/sha256:abc Bearer tok bytes=0-4']);
    } finally {
      await new Promise((resolve) => (server.closeAllConnections(), server.close(resolve)));
    }
  });
});

describe('RegistryTransport.request: a registry dripping its answer', () => {
  it('one request, retries included, waits for answers no longer than its budget, then fails with one line', async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits++;
      res.writeHead(200, { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' });
      // A byte now and then: never idle, never done. The first answer breaks off (a retried failure).
      const drip = setInterval(() => res.write(' '), 30);
      if (hits === 1) setTimeout(() => res.destroy(), 250);
      res.on('close', () => clearInterval(drip));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    const retries: string[] = [];
    const transport = new RegistryTransport({ registry: host, answerBudgetMs: 600, retry: { attempts: 5, minDelayMs: 10, maxDelayMs: 20 }, onRetry: (m) => retries.push(m) });
    const started = Date.now();
    try {
      // Bounded here too: without a budget the request would wait attempts x 60 s.
      const err = await Promise.race([
        transport.request('team/app', 'GET', '/v2/team/app/manifests/latest', {}).catch((e: Error) => e),
        new Promise<Error>((resolve) => setTimeout(() => resolve(new Error('still waiting after 2 s')), 2000).unref()),
      ]);
      const took = Date.now() - started;
      expect(err).toBeInstanceOf(ReleaseError);
      expect((err as Error).message).toBe(`registry: GET ${host}/v2/team/app/manifests/latest: ETIMEDOUT (the answers to this request took over 0.6 s in all); not retried`);
      // The broken first answer is retried once; the second gets what is left of the 600 ms, not 600 more.
      expect(hits).toBe(2);
      expect(retries).toHaveLength(1);
      expect(took).toBeGreaterThanOrEqual(550);
      expect(took).toBeLessThan(1100);
    } finally {
      await new Promise((resolve) => (server.closeAllConnections(), server.close(resolve)));
    }
  });
});

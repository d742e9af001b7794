import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { proxyAgent } from './proxy';
import { RegistryClient } from './registry-client';

// A loopback registry stand-in and a loopback HTTP proxy that counts what passes through it. The
// registry is reached as "registry.test" (a name only the proxy can resolve), so a request that
// bypasses the proxy cannot succeed.
const listen = async (server: Server): Promise<string> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
};
const DIGEST = `sha256:${'e'.repeat(64)}`;
const fast = { attempts: 2, minDelayMs: 1, maxDelayMs: 2 };

describe('registry requests through HTTP(S)_PROXY, NO_PROXY honoured, loopback direct', () => {
  const saved = { ...process.env };
  const seen: string[] = [];
  let registryHost = '';
  let proxyHost = '';
  const registry = createServer((req, res) => {
    seen.push(`registry ${req.method} ${req.url}`);
    res.setHeader('Content-Length', '7');
    res.end(req.method === 'HEAD' ? undefined : 'blobdat');
  });
  const proxy = createServer((req, res) => {
    seen.push(`proxy ${req.method} ${req.url}`);
    const target = new URL(req.url ?? '');
    const forward = httpRequest({ host: '127.0.0.1', port: Number(registryHost.split(':')[1]), method: req.method, path: `${target.pathname}${target.search}`, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(forward);
  });

  beforeAll(async () => {
    registryHost = await listen(registry);
    proxyHost = await listen(proxy);
  });
  afterEach(() => {
    process.env = { ...saved };
    seen.length = 0;
  });
  afterAll(async () => {
    registry.closeAllConnections();
    proxy.closeAllConnections();
    await Promise.all([new Promise((r) => registry.close(r)), new Promise((r) => proxy.close(r))]);
  });

  it('HTTP_PROXY: a registry by name goes through the proxy (absolute URL), and answers', async () => {
    process.env.HTTP_PROXY = `http://${proxyHost}`;
    delete process.env.NO_PROXY;
    delete process.env.no_proxy;
    const client = new RegistryClient({ registry: 'registry.test', insecure: true, retry: fast });
    expect(await client.blobSize('team/app', DIGEST)).toBe(7);
    expect(seen).toEqual([`proxy HEAD http://registry.test/v2/team/app/blobs/${DIGEST}`, `registry HEAD /v2/team/app/blobs/${DIGEST}`]);
  });

  it('loopback registries are never proxied; NO_PROXY names the hosts that go direct', async () => {
    process.env.HTTP_PROXY = `http://${proxyHost}`;
    const local = new RegistryClient({ registry: registryHost, retry: fast });
    expect(await local.blobSize('team/app', DIGEST)).toBe(7);
    expect(seen).toEqual([`registry HEAD /v2/team/app/blobs/${DIGEST}`]);
    seen.length = 0;
    process.env.NO_PROXY = 'example.com,.test';
    const direct = new RegistryClient({ registry: 'registry.test', insecure: true, retry: fast });
    await expect(direct.blobSize('team/app', DIGEST)).rejects.toThrow(/registry\.test.*(ENOTFOUND|EAI_AGAIN)/);
    expect(seen).toEqual([]);
  });

  it('https targets tunnel with CONNECT through HTTPS_PROXY; without a proxy variable nothing is loaded', () => {
    expect(proxyAgent(new URL('https://ghcr.io/v2/'))).toBeUndefined();
    process.env.HTTPS_PROXY = `http://${proxyHost}`;
    expect(proxyAgent(new URL('https://ghcr.io/v2/'))?.constructor.name).toBe('HttpsProxyAgent');
    expect(proxyAgent(new URL('http://127.0.0.1:5000/v2/'))).toBeUndefined();
  });
});

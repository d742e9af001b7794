import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buffer } from 'node:stream/consumers';
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

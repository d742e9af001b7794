import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bufferSource } from './blob-source';
import { HttpConnectionError, request } from './http';

type Handler = (req: IncomingMessage, body: Buffer, res: ServerResponse) => void;

// Real loopback servers: two of them are two origins (different ports).
async function serve(handler: Handler): Promise<{ url: (path: string) => URL; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => handler(req, Buffer.concat(chunks), res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => new URL(`http://127.0.0.1:${port}${path}`),
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

describe('request (node:http)', () => {
  it('sends the body with its length and returns status, headers and body', async () => {
    const srv = await serve((req, body, res) => {
      res.setHeader('Docker-Content-Digest', 'sha256:abc');
      res.end(`${req.method} ${req.headers['content-length']} ${body.toString()}`);
    });
    const res = await request(srv.url('/v2/x'), { method: 'PUT', body: Buffer.from('hello') });
    expect(res.status).toBe(200);
    expect(res.header('docker-content-digest')).toBe('sha256:abc');
    expect(res.body.toString()).toBe('PUT 5 hello');
    await srv.close();
  });

  it('streams a blob source as the body, with its size as Content-Length', async () => {
    const srv = await serve((req, body, res) => res.end(`${req.headers['content-length']} ${body.length} ${body.equals(Buffer.alloc(5 << 20, 3))}`));
    const res = await request(srv.url('/v2/x/blobs/uploads/1'), { method: 'PUT', body: bufferSource(Buffer.alloc(5 << 20, 3)) });
    expect(res.body.toString()).toBe(`${5 << 20} ${5 << 20} true`);
    await srv.close();
  });

  it('follows GET redirects, keeping credentials on the same origin and dropping them on another', async () => {
    const seen: string[] = [];
    const cdn = await serve((req, _b, res) => (seen.push(`cdn ${req.headers.authorization ?? '-'}`), res.end('{"ok":true}')));
    const reg = await serve((req, _b, res) => {
      seen.push(`reg ${req.url} ${req.headers.authorization ?? '-'}`);
      res.statusCode = 307;
      res.setHeader('Location', req.url === '/a' ? '/b' : cdn.url('/blob').href);
      res.end();
    });
    const res = await request(reg.url('/a'), { method: 'GET', headers: { Authorization: 'Bearer t' } });
    expect(res.body.toString()).toBe('{"ok":true}');
    expect(res.url.pathname).toBe('/blob');
    expect(seen).toEqual(['reg /a Bearer t', 'reg /b Bearer t', 'cdn -']);
    await Promise.all([cdn.close(), reg.close()]);
  });

  it('does not follow a redirect answering a PUT', async () => {
    const srv = await serve((_req, _b, res) => ((res.statusCode = 307), res.setHeader('Location', '/elsewhere'), res.end()));
    const res = await request(srv.url('/v2/x'), { method: 'PUT', body: Buffer.from('x') });
    expect(res.status).toBe(307);
    await srv.close();
  });

  it('turns refused connections and idle timeouts into HttpConnectionError with a code', async () => {
    const srv = await serve(() => undefined); // never answers
    await expect(request(srv.url('/slow'), { method: 'GET', idleTimeoutMs: 100 })).rejects.toMatchObject({ name: 'HttpConnectionError', code: 'ETIMEDOUT' });
    const gone = srv.url('/');
    await srv.close();
    const err = await request(gone, { method: 'GET' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpConnectionError);
    expect((err as HttpConnectionError).code).toBe('ECONNREFUSED');
  });
});

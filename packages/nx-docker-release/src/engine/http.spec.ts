import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bufferSource } from './blob-source';
import { AnswerBudget, HttpConnectionError, request } from './http';

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

describe('request: answers have a deadline and a size cap', () => {
  it('a server dripping its answer is cut at the deadline, not held open by each byte', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const drip = setInterval(() => res.write(' '), 50); // never idle long enough to time out
      res.on('close', () => clearInterval(drip));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const started = Date.now();
    const err = await request(new URL(`http://127.0.0.1:${port}/v2/`), { method: 'GET', idleTimeoutMs: 1000, answerDeadlineMs: 400 }).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/GET 127\.0\.0\.1:\d+\/v2\/: ETIMEDOUT \(the answer took over 0\.4 s\)/);
    expect(Date.now() - started).toBeLessThan(3000);
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('requests sharing a budget share its time: the second gets what the first left', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200);
      const drip = setInterval(() => res.write(' '), 30);
      res.on('close', () => clearInterval(drip));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = new URL(`http://127.0.0.1:${(server.address() as { port: number }).port}/v2/`);
    const budget = new AnswerBudget(500);
    const first = await request(url, { method: 'GET', answerDeadlineMs: 300, answerBudget: budget }).catch((e: Error) => e);
    expect((first as Error).message).toMatch(/ETIMEDOUT \(the answer took over 0\.3 s\)$/);
    expect(budget.spent).toBe(false);
    const started = Date.now();
    const second = await request(url, { method: 'GET', answerDeadlineMs: 300, answerBudget: budget }).catch((e: Error) => e);
    expect((second as Error).message).toMatch(/ETIMEDOUT \(the answers to this request took over 0\.5 s in all\)$/);
    expect(Date.now() - started).toBeLessThan(290);
    expect(budget.spent).toBe(true);
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('a huge answer is refused once past the cap, never buffered whole', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    const server = createServer((_req, res) => {
      res.writeHead(200);
      let sent = 0;
      const pump = (): void => {
        while (sent < 64 && res.write(chunk)) sent++;
        if (sent < 64) res.once('drain', pump);
        else res.end();
      };
      pump();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const err = await request(new URL(`http://127.0.0.1:${port}/v2/x/manifests/latest`), { method: 'GET', maxAnswerBytes: 4 * 1024 * 1024 }).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/ETOOLARGE \(an answer over 4 MiB\)/);
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
});

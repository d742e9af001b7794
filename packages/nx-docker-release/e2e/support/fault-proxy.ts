import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface FaultProxyStats {
  requests: number;
  injected: number;
  /** Requests that uploaded blob data (PATCH/PUT/POST to /blobs/uploads) and reached the registry. */
  blobUploads: number;
  manifestPuts: number;
  byStatus: Record<number, number>;
}

export interface FaultProxy {
  host: string;
  stats: FaultProxyStats;
  /** Share of requests to fail (0..1); `mode` picks the failure. */
  setFaults(rate: number, mode?: 'mixed' | '503' | 'drop' | '401'): void;
  /** Always answer 503 to requests this predicate selects (e.g. one tag's manifest PUT). */
  failWhen(predicate: ((method: string, url: string) => boolean) | undefined): void;
  /** Hold the requests this predicate selects: never forwarded, never answered, until `dropHeld`. */
  holdWhen(predicate: ((method: string, url: string) => boolean) | undefined): void;
  /** Requests held so far, and how many of them the client gave up on (closed its side). */
  held(): { count: number; closedByClient: number };
  /** Drops the held requests' connections. */
  dropHeld(): void;
  /**
   * A lying registry: `lie` may change the headers of an answer (a Docker-Content-Digest naming
   * other bytes), or answer a request itself (`answer`: a HEAD claiming a blob the registry lacks).
   */
  lie(
    rules:
      | {
          headers?: (method: string, url: string, headers: Record<string, string | string[] | undefined>) => void;
          answer?: (method: string, url: string) => { status: number; headers: Record<string, string> } | undefined;
        }
      | undefined,
  ): void;
  reset(): void;
  stop(): Promise<void>;
}

/**
 * An HTTP proxy in front of the real loopback registry that fails a configurable share of
 * requests: 503 with Retry-After, a dropped connection, or 401. Blob uploads and manifest PUTs
 * that reach the registry are counted, so a test can see that nothing was uploaded.
 */
export async function startFaultProxy(target: string, random: () => number = Math.random): Promise<FaultProxy> {
  let rate = 0;
  let mode: 'mixed' | '503' | 'drop' | '401' = 'mixed';
  let failWhen: ((method: string, url: string) => boolean) | undefined;
  let holdWhen: ((method: string, url: string) => boolean) | undefined;
  const held: { socket: Socket; closedByClient: boolean }[] = [];
  let lies: Parameters<FaultProxy['lie']>[0];
  const fresh = (): FaultProxyStats => ({ requests: 0, injected: 0, blobUploads: 0, manifestPuts: 0, byStatus: {} });
  const proxy: { stats: FaultProxyStats } = { stats: fresh() };
  const sockets = new Set<Socket>();

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const stats = proxy.stats;
    stats.requests++;
    if (holdWhen?.(req.method ?? '', req.url ?? '') === true) {
      const entry = { socket: req.socket, closedByClient: false };
      held.push(entry);
      req.socket.once('close', () => (entry.closedByClient = true));
      req.resume();
      return;
    }
    const made = req.url !== '/v2/' ? lies?.answer?.(req.method ?? '', req.url ?? '') : undefined;
    if (made) {
      req.resume();
      res.writeHead(made.status, made.headers);
      res.end();
      return;
    }
    // The /v2/ ping decides whether a client talks to a registry at all; keep it honest.
    const forced = failWhen?.(req.method ?? '', req.url ?? '') === true;
    if (forced || (req.url !== '/v2/' && random() < rate)) {
      stats.injected++;
      const pick = forced ? '503' : mode === 'mixed' ? (random() < 0.5 ? '503' : 'drop') : mode;
      if (pick === 'drop') {
        req.socket.destroy();
        return;
      }
      const status = pick === '401' ? 401 : 503;
      res.writeHead(status, { 'Content-Type': 'application/json', ...(status === 503 ? { 'Retry-After': '0' } : { 'WWW-Authenticate': 'Basic realm="e2e"' }) });
      res.end(JSON.stringify({ errors: [{ code: status === 401 ? 'UNAUTHORIZED' : 'UNAVAILABLE', message: 'injected fault' }] }));
      return;
    }
    if (/\/blobs\/uploads\//.test(req.url ?? '') && req.method !== 'GET' && req.method !== 'HEAD' && Number(req.headers['content-length'] ?? 0) > 0) stats.blobUploads++;
    if (/\/manifests\//.test(req.url ?? '') && req.method === 'PUT') stats.manifestPuts++;
    const [hostname, port] = target.split(':');
    const upstream = httpRequest({ hostname, port: Number(port), method: req.method, path: req.url, headers: { ...req.headers, host: target } }, (up) => {
      stats.byStatus[up.statusCode ?? 0] = (stats.byStatus[up.statusCode ?? 0] ?? 0) + 1;
      // Location headers point at the registry; rewrite them to stay behind the proxy.
      const headers = { ...up.headers };
      lies?.headers?.(req.method ?? '', req.url ?? '', headers);
      if (typeof headers.location === 'string') headers.location = headers.location.replace(`//${target}`, `//${address}`);
      res.writeHead(up.statusCode ?? 502, headers);
      up.pipe(res);
    });
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const address = `127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  return {
    host: address,
    get stats() {
      return proxy.stats;
    },
    setFaults(r, m = 'mixed') {
      rate = r;
      mode = m;
    },
    failWhen(predicate) {
      failWhen = predicate;
    },
    reset() {
      proxy.stats = fresh();
    },
    holdWhen(predicate) {
      holdWhen = predicate;
    },
    held() {
      return { count: held.length, closedByClient: held.filter((h) => h.closedByClient).length };
    },
    lie(rules) {
      lies = rules;
    },
    dropHeld() {
      for (const h of held.splice(0)) {
        h.socket.removeAllListeners('close');
        h.socket.destroy();
      }
    },
    stop: async () => {
      sockets.forEach((s) => s.destroy());
      await new Promise((r) => server.close(r));
    },
  } as FaultProxy;
}

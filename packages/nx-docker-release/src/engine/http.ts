import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { BlobSource } from './blob-source';
import { onCancel } from './cancellation';
import { proxyAgent } from './proxy';

export interface HttpInit {
  method: string;
  headers?: Record<string, string>;
  /** Sent as is; a BlobSource is streamed (a layer is never read into memory). */
  body?: Buffer | BlobSource;
  /** Fails the request when the connection is idle this long (not a cap on a long upload). */
  idleTimeoutMs?: number;
  /** Once the answer starts, all of it must arrive within this long (a server dripping bytes). */
  answerDeadlineMs?: number;
  /** Shared by the attempts of one logical request: their answers together get this much time. */
  answerBudget?: AnswerBudget;
  /** The largest answer body buffered; registry answers are JSON and manifests (4 MiB by spec). */
  maxAnswerBytes?: number;
}

export const ANSWER_DEADLINE_MS = 60_000;

/**
 * The time the answers of one logical request (its retries, a resend after a token) may take in
 * all. Without it a registry dripping a manifest holds each attempt for the whole deadline, and a
 * retried request fails only after attempts x deadline.
 */
export class AnswerBudget {
  remainingMs: number;

  constructor(readonly initialMs: number = ANSWER_DEADLINE_MS) {
    this.remainingMs = initialMs;
  }

  get spent(): boolean {
    return this.remainingMs <= 0;
  }
}
const MAX_ANSWER_BYTES = 32 * 1024 * 1024;

export interface HttpResponse {
  status: number;
  /** Lower-case header lookup; the first value of a repeated header. */
  header(name: string): string | undefined;
  body: Buffer;
  /** The URL that answered, after redirects. */
  url: URL;
}

/** A connection-level failure (refused, reset, timed out): the request may be retried. */
export class HttpConnectionError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'HttpConnectionError';
  }
}

// Connections are reused across the many small registry requests of one release. Idle pooled
// sockets are unref'd by the agent, so they never keep the process alive.
const agents = { 'http:': new HttpAgent({ keepAlive: true }), 'https:': new HttpsAgent({ keepAlive: true }) };
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/**
 * One HTTP exchange with the whole response body buffered (registry answers are small: JSON
 * and manifests; layers are only ever sent). node:http rather than fetch: fetch's first call
 * costs ~50 ms of start-up per process, more than every other request of a promotion together.
 * GET and HEAD follow redirects (blob downloads go to a CDN); credentials are dropped when a
 * redirect leaves the origin, as browsers and fetch do.
 */
export async function request(url: URL, init: HttpInit): Promise<HttpResponse> {
  let current = url;
  let headers = { ...(init.headers ?? {}) };
  for (let hop = 0; ; hop++) {
    const res = await once(current, { ...init, headers });
    const location = res.header('location');
    const follow = (init.method === 'GET' || init.method === 'HEAD') && REDIRECTS.has(res.status) && location;
    if (!follow || hop >= MAX_REDIRECTS) return res;
    const next = new URL(location, current);
    if (next.origin !== current.origin) headers = withoutAuthorization(headers);
    current = next;
  }
}

/** A GET whose body is streamed, not buffered (a blob copied between registries); redirects followed. */
export async function openStream(url: URL, headers: Record<string, string>, idleTimeoutMs = 30000): Promise<{ status: number; header(name: string): string | undefined; stream: IncomingMessage }> {
  let current = url;
  let sent = { ...headers };
  for (let hop = 0; ; hop++) {
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const secure = current.protocol === 'https:';
      const req = (secure ? httpsRequest : httpRequest)(current, { method: 'GET', headers: sent, agent: proxyAgent(current) ?? agents[secure ? 'https:' : 'http:'] }, resolve);
      req.setTimeout(idleTimeoutMs, () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
      req.on('error', (err: NodeJS.ErrnoException) => reject(new HttpConnectionError(`GET ${current.host}${current.pathname}: ${err.code ?? err.message}`, err.code ?? 'ECONNECTION')));
      req.end();
    });
    const location = res.headers.location;
    if (!REDIRECTS.has(res.statusCode ?? 0) || !location || hop >= MAX_REDIRECTS) {
      return { status: res.statusCode ?? 0, header: headerLookup(res.headers), stream: res };
    }
    res.resume();
    const next = new URL(location, current);
    if (next.origin !== current.origin) sent = withoutAuthorization(sent);
    current = next;
  }
}

function once(url: URL, init: HttpInit): Promise<HttpResponse> {
  const secure = url.protocol === 'https:';
  if (!secure && url.protocol !== 'http:') return Promise.reject(new Error(`unsupported URL scheme: ${url.protocol}`));
  const send = secure ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    // Charges the answer's time to the budget; set once the answer starts.
    let charge = (): void => undefined;
    const fail = (err: NodeJS.ErrnoException): void => {
      charge();
      reject(new HttpConnectionError(`${init.method} ${url.host}${url.pathname}: ${err.code ?? err.message}`, err.code ?? 'ECONNECTION'));
    };
    const req = send(
      url,
      {
        method: init.method,
        headers: { ...init.headers, ...(init.body ? { 'Content-Length': String(Buffer.isBuffer(init.body) ? init.body.length : init.body.size) } : {}) },
        agent: proxyAgent(url) ?? agents[secure ? 'https:' : 'http:'],
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const limit = init.maxAnswerBytes ?? MAX_ANSWER_BYTES;
        const own = init.answerDeadlineMs ?? ANSWER_DEADLINE_MS;
        const budget = init.answerBudget;
        const allowed = Math.max(0, Math.min(own, budget?.remainingMs ?? own));
        const started = Date.now();
        // The code is what the one-line error shows: say what happened.
        const code =
          allowed < own ? `ETIMEDOUT (the answers to this request took over ${Math.round((budget?.initialMs ?? own) / 100) / 10} s in all)` : `ETIMEDOUT (the answer took over ${own / 1000} s)`;
        // Charged once, before the request settles: the caller decides on a retry from what is left.
        let charged = false;
        charge = (): void => {
          if (budget && !charged) budget.remainingMs -= Date.now() - started;
          charged = true;
        };
        const deadline = setTimeout(() => req.destroy(Object.assign(new Error('deadline'), { code })), allowed);
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > limit) {
            req.destroy(Object.assign(new Error('too large'), { code: `ETOOLARGE (an answer over ${Math.round(limit / 1024 / 1024)} MiB)` }));
            return;
          }
          chunks.push(c);
        });
        res.on('error', fail);
        res.on('close', () => {
          clearTimeout(deadline);
          charge();
        });
        res.on('end', () => {
          clearTimeout(deadline);
          charge();
          resolve({ status: res.statusCode ?? 0, header: headerLookup(res.headers), body: Buffer.concat(chunks), url });
        });
      },
    );
    req.setTimeout(init.idleTimeoutMs ?? 30000, () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', fail);
    // A cancelled run (its Nx process gone) sends no more bytes: an upload or a PUT in flight is aborted.
    const stopListening = onCancel(() => req.destroy(Object.assign(new Error('cancelled'), { code: 'ECANCELED (the run was cancelled)' })));
    req.on('close', stopListening);
    const body = init.body;
    if (body === undefined || Buffer.isBuffer(body)) {
      req.end(body);
    } else {
      const stream = body.open();
      stream.on('error', (err: NodeJS.ErrnoException) => req.destroy(err)).pipe(req);
      req.on('close', () => stream.destroy()); // an early answer or a dropped connection: stop reading
    }
  });
}

function headerLookup(headers: IncomingHttpHeaders): (name: string) => string | undefined {
  return (name) => {
    const value = headers[name.toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
  };
}

function withoutAuthorization(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'authorization'));
}

import { createHash } from 'node:crypto';
import type { BlobSource } from './blob-source';
import { isLoopbackHost } from './loopback';
import { PassThrough, type Readable } from 'node:stream';
import { HttpConnectionError, openStream, request, type HttpResponse } from './http';
import { answerVerdict, decodeRegistryErrors, RegistryAuthError, RegistryError, type RegistryAnswer } from './registry-error';
import { DEFAULT_RETRY, isTransient, parseRetryAfter, TransientError, withRetry, type RetryPolicy } from './retry';

export { isLoopbackHost, RegistryAuthError, RegistryError };

// Every manifest kind a tag may point at; the registry answers with the stored bytes.
const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

export interface Credentials {
  username: string;
  password: string;
  /** Name of the variable the password came from, for error messages. */
  passwordEnv: string;
}

export interface Manifest {
  digest: string;
  mediaType: string;
  bytes: Buffer;
}

/** Blobs above this size are sent in chunks of CHUNK bytes (a resumable upload). */
export const CHUNKED_ABOVE = 32 * 1024 * 1024;
export const CHUNK = 16 * 1024 * 1024;

/**
 * The next byte to send after an upload status `Range: 0-<last>`. The distribution registry
 * answers `0-0` for an empty session too, so `0-0` counts as nothing received (a 1-byte
 * session is re-sent from 0, which it refuses with 416: the session starts over).
 */
function rangeEnd(range: string | undefined): number {
  const last = /^(?:bytes=)?0-(\d+)$/.exec(range ?? '');
  return last && last[1] !== '0' ? Number(last[1]) + 1 : 0;
}

export interface RegistryClientOptions {
  registry: string;
  credentials?: Credentials;
  retry?: RetryPolicy;
  onRetry?: (message: string) => void;
  /** Told every bearer token this client obtains, so logs can redact it. */
  onSecret?: (value: string) => void;
  /** Plain HTTP for loopback registries, as docker does for 127.0.0.0/8 and localhost. */
  insecure?: boolean;
}

/**
 * What the rest of the engine asks of a registry (the port; `RegistryClient` is the HTTP one,
 * specs pass an in-memory one). `repo` is the repository path inside the registry.
 */
export interface RegistryApi {
  getManifest(repo: string, ref: string): Promise<Manifest | null>;
  putManifest(repo: string, tag: string, manifest: Manifest): Promise<string>;
  hasBlob(repo: string, digest: string): Promise<boolean>;
  blobSize(repo: string, digest: string): Promise<number | null>;
  mountBlob(repo: string, digest: string, from: string): Promise<boolean>;
  remoteBlob(repo: string, digest: string, size: number, from?: number, to?: number): BlobSource;
  uploadBlob(repo: string, digest: string, blob: BlobSource): Promise<void>;
  getBlob(repo: string, digest: string): Promise<Buffer>;
}

/**
 * A small OCI distribution client: manifests (look up, put, copy to a new tag) and blobs (exists,
 * mount, chunked upload, fetch). Basic and bearer-token auth; every request retried on transient failures.
 */
export class RegistryClient implements RegistryApi {
  private readonly base: string;
  private readonly tokens = new Map<string, string>();

  constructor(private readonly options: RegistryClientOptions) {
    const host = options.registry === 'docker.io' ? 'registry-1.docker.io' : options.registry;
    this.base = `${(options.insecure ?? isLoopbackHost(host)) ? 'http' : 'https'}://${host}`;
  }

  /** The manifest a tag or digest points at, or null when it does not exist. */
  async getManifest(repo: string, ref: string): Promise<Manifest | null> {
    const res = await this.request(repo, 'GET', `/v2/${repo}/manifests/${ref}`, { Accept: MANIFEST_ACCEPT }, undefined, [404]);
    if (res.status === 404) return null;
    const bytes = res.body;
    const digest = res.header('docker-content-digest') ?? `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    return { digest, mediaType: res.header('content-type') ?? '', bytes };
  }

  /** Points `tag` at exactly these manifest bytes: same bytes, same digest. */
  async putManifest(repo: string, tag: string, manifest: Manifest): Promise<string> {
    const res = await this.request(repo, 'PUT', `/v2/${repo}/manifests/${tag}`, { 'Content-Type': manifest.mediaType }, manifest.bytes);
    return res.header('docker-content-digest') ?? manifest.digest;
  }

  async hasBlob(repo: string, digest: string): Promise<boolean> {
    return (await this.blobSize(repo, digest)) !== null;
  }

  /** The size of a blob the repository holds, or null when it holds none. */
  async blobSize(repo: string, digest: string): Promise<number | null> {
    const res = await this.request(repo, 'HEAD', `/v2/${repo}/blobs/${digest}`, {}, undefined, [404]);
    return res.status === 404 ? null : Number(res.header('content-length') ?? 0);
  }

  /**
   * Cross-repository mount: links a blob another repository of this registry holds, no bytes
   * sent. False when the registry declines (it answers with a new upload session instead).
   */
  async mountBlob(repo: string, digest: string, from: string): Promise<boolean> {
    const query = new URLSearchParams({ mount: digest, from });
    const res = await this.request(repo, 'POST', `/v2/${repo}/blobs/uploads/?${query}`, {}, undefined);
    return res.status === 201;
  }

  /**
   * A blob of this registry as a source for an upload elsewhere: every open() is a new streamed
   * GET (a retried upload reads it again), nothing is held in memory. Slices are HTTP range
   * requests, so a chunked upload of a copied layer resumes like one from a file.
   */
  remoteBlob(repo: string, digest: string, size: number, from = 0, to = size): BlobSource {
    const open = (): Readable => {
      const out = new PassThrough();
      const ranged = from > 0 || to < size;
      const get = async (): Promise<void> => {
        const url = new URL(`${this.base}/v2/${repo}/blobs/${digest}`);
        const headers = (): Record<string, string> => ({ ...this.authHeader(repo), ...(ranged ? { Range: `bytes=${from}-${to - 1}` } : {}) });
        let res = await openStream(url, headers());
        if (res.status === 401) {
          res.stream.resume();
          if (await this.authenticate(repo, { status: 401, header: res.header, body: Buffer.alloc(0), url })) res = await openStream(url, headers());
        }
        if (res.status !== (ranged ? 206 : 200)) {
          res.stream.resume();
          throw new TransientError(`GET ${this.options.registry}/v2/${repo}/blobs/${digest}${ranged ? ` (bytes ${from}-${to - 1})` : ''}: HTTP ${res.status}`);
        }
        res.stream.on('error', (err) => out.destroy(err)).pipe(out);
        out.on('close', () => res.stream.destroy());
      };
      get().catch((err: Error) => out.destroy(err));
      return out;
    };
    return {
      size: to - from,
      open,
      slice: (start, end) => this.remoteBlob(repo, digest, size, from + start, Math.min(to, from + end)),
      read: () => {
        throw new Error(`remote blob ${digest}: positional reads are not supported`);
      },
    };
  }

  /**
   * Uploads a blob, streamed. Up to CHUNKED_ABOVE bytes: one PUT (monolithic); a failed attempt
   * restarts the session. Bigger blobs that can be re-read by range go in CHUNK-sized PATCHes: a
   * failed chunk asks the registry how far the session got and resumes there, so a dropped
   * connection near the end of a large layer costs one chunk, not the whole layer.
   */
  async uploadBlob(repo: string, digest: string, blob: BlobSource): Promise<void> {
    const chunked = blob.size > CHUNKED_ABOVE && blob.slice !== undefined;
    await withRetry(
      this.options.retry ?? DEFAULT_RETRY,
      async () => {
        const start = await this.request(repo, 'POST', `/v2/${repo}/blobs/uploads/`, {}, undefined, [], 1);
        let location = this.uploadUrl(repo, start);
        if (chunked) location = await this.uploadChunks(repo, location, blob);
        location.searchParams.set('digest', digest);
        await this.request(repo, 'PUT', `${location.pathname}${location.search}`, { 'Content-Type': 'application/octet-stream' }, chunked ? undefined : blob, [], 1);
      },
      (err, attempt, delay) => this.options.onRetry?.(`${err.message} (upload attempt ${attempt}, retrying in ${delay} ms)`),
    );
  }

  /** PATCHes the chunks in order; returns the session URL for the closing PUT. */
  private async uploadChunks(repo: string, session: URL, blob: BlobSource): Promise<URL> {
    const policy = this.options.retry ?? DEFAULT_RETRY;
    let location = session;
    let offset = 0;
    let resumes = 0;
    while (offset < blob.size) {
      const end = Math.min(offset + CHUNK, blob.size);
      const headers = { 'Content-Type': 'application/octet-stream', 'Content-Range': `${offset}-${end - 1}` };
      try {
        const res = await this.request(repo, 'PATCH', `${location.pathname}${location.search}`, headers, blob.slice?.(offset, end), [], 1);
        location = this.uploadUrl(repo, res);
        offset = end;
      } catch (err) {
        // 416: the registry holds other bytes than this chunk assumed; start the session over.
        if (err instanceof RegistryError && err.answer?.status === 416) throw new TransientError(err.message);
        if (!isTransient(err) || ++resumes >= policy.attempts) throw err;
        this.options.onRetry?.(`${err.message} (chunk ${offset}-${end - 1}, resuming from what the registry holds)`);
        const status = await this.request(repo, 'GET', `${location.pathname}${location.search}`, {}, undefined, [404]);
        if (status.status === 404) throw err; // the session is gone: start over
        location = this.uploadUrl(repo, status);
        offset = rangeEnd(status.header('range'));
      }
    }
    return location;
  }

  private uploadUrl(repo: string, res: HttpResponse): URL {
    const location = res.header('location');
    if (!location) throw new TransientError(`${this.options.registry}/v2/${repo}/blobs/uploads/: no Location header`);
    const url = new URL(location, this.base);
    // Uploads go to the registry that holds the credentials; another host would get the bytes blind.
    // Same host, other scheme (an http Location behind a TLS-terminating proxy): keep ours.
    if (url.host !== new URL(this.base).host) {
      throw new RegistryAuthError(`registry ${this.options.registry} sends uploads of ${repo} to another host (${url.host}); not supported, nothing sent there`);
    }
    return new URL(`${url.pathname}${url.search}`, this.base);
  }

  /** A small blob's exact bytes (a config), buffered and checked against its digest. */
  async getBlob(repo: string, digest: string): Promise<Buffer> {
    const policy = this.options.retry ?? DEFAULT_RETRY;
    return withRetry(policy, async () => {
      // One attempt per round: this loop retries transfers and wrong bytes alike.
      const body = (await this.request(repo, 'GET', `/v2/${repo}/blobs/${digest}`, {}, undefined, [], 1)).body;
      const actual = `sha256:${createHash('sha256').update(body).digest('hex')}`;
      if (digest.startsWith('sha256:') && actual !== digest) throw new TransientError(`GET ${this.options.registry}/v2/${repo}/blobs/${digest}: the bytes received hash to ${actual}`);
      return body;
    });
  }

  private async request(repo: string, method: string, path: string, headers: Record<string, string>, body?: Buffer | BlobSource, okStatuses: number[] = [], attempts?: number): Promise<HttpResponse> {
    const configured = this.options.retry ?? DEFAULT_RETRY;
    const policy = attempts ? { ...configured, attempts } : configured;
    return withRetry(
      policy,
      async () => {
        const send = (): Promise<HttpResponse> => request(new URL(`${this.base}${path}`), { method, headers: { ...headers, ...this.authHeader(repo) }, body });
        let res: HttpResponse;
        try {
          res = await send();
          // A redirect's target (a storage host, a CDN) is not the registry: its challenge is never answered.
          const elsewhere = res.url.origin !== new URL(this.base).origin;
          if (res.status === 401 && !elsewhere && (await this.authenticate(repo, res))) res = await send();
          if (elsewhere && (res.status === 401 || res.status === 403)) {
            throw new TransientError(`${method} ${this.options.registry}${path}: redirected to ${res.url.host}, which refused it (HTTP ${res.status}; an expired signed URL?)`);
          }
        } catch (err) {
          if (err instanceof HttpConnectionError) throw new TransientError(`${method} ${this.options.registry}${path}: ${err.code}`);
          throw err;
        }
        if ((res.status >= 200 && res.status < 300) || okStatuses.includes(res.status)) return res;
        throw this.answerError(method, path, res);
      },
      (err, attempt, delay) => this.options.onRetry?.(`${err.message} (attempt ${attempt}/${policy.attempts}, retrying in ${delay} ms)`),
    );
  }

  /** A failed answer as a typed error: its status and decoded codes decide whether it is retried. */
  private answerError(method: string, path: string, res: HttpResponse): RegistryError {
    const text = method === 'HEAD' ? '' : res.body.toString('utf8');
    const answer: RegistryAnswer = { status: res.status, errors: decodeRegistryErrors(text) };
    if (answerVerdict(answer) === 'refused') {
      const who = this.options.credentials ? `the credentials in ${this.options.credentials.passwordEnv}` : 'anonymous access (set the login option)';
      return new RegistryAuthError(`registry ${this.options.registry} refused ${who} (HTTP ${res.status}); not retried`, answer);
    }
    const what = `${method} ${this.options.registry}${path}: HTTP ${res.status} ${text.slice(0, 200).trim()}`;
    return new RegistryError(what, answer, parseRetryAfter(res.header('retry-after') ?? null));
  }

  private authHeader(repo: string): Record<string, string> {
    const token = this.tokens.get(repo);
    if (token) return { Authorization: token };
    const creds = this.options.credentials;
    return creds ? { Authorization: `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}` } : {};
  }

  /** Bearer challenge (ghcr.io, Docker Hub, ...): fetch a token for this repository. */
  private async authenticate(repo: string, res: HttpResponse): Promise<boolean> {
    const challenge = res.header('www-authenticate') ?? '';
    if (!/^Bearer /i.test(challenge)) return false;
    const params = Object.fromEntries([...challenge.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (!params.realm) return false;
    let url: URL;
    try {
      url = new URL(params.realm);
    } catch {
      throw new RegistryAuthError(`registry ${this.options.registry} names a token realm that is not a URL (${params.realm.slice(0, 100)}); no credentials sent`);
    }
    // Credentials travel over https, or over http to loopback or to the (insecure) registry itself.
    const plainOk = url.protocol === 'http:' && (isLoopbackHost(url.host) || (this.base.startsWith('http:') && url.host === new URL(this.base).host));
    if (url.protocol !== 'https:' && !plainOk) {
      throw new RegistryAuthError(`registry ${this.options.registry} asks for credentials at ${url.protocol}//${url.host}, which is not https; none sent`);
    }
    if (params.service) url.searchParams.set('service', params.service);
    url.searchParams.set('scope', `repository:${repo}:pull,push`);
    const creds = this.options.credentials;
    const headers: Record<string, string> = creds ? { Authorization: `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}` } : {};
    const tokenRes = await request(url, { method: 'GET', headers });
    if (tokenRes.status !== 200) return false;
    let body: { token?: string; access_token?: string };
    try {
      body = JSON.parse(tokenRes.body.toString('utf8')) as typeof body;
    } catch {
      return false;
    }
    const token = body.token ?? body.access_token;
    if (!token) return false;
    this.options.onSecret?.(token);
    this.tokens.set(repo, `Bearer ${token}`);
    return true;
  }
}

import { createHash } from 'node:crypto';
import { ReleaseError } from '../release/release-error';
import { asCleanUp, throwIfCancelled } from './cancellation';
import type { BlobSource } from './blob-source';
import { isLoopbackHost } from './loopback';
import { PassThrough, type Readable } from 'node:stream';
import type { HttpResponse } from './http';
import { RegistryAuthError, RegistryError } from './registry-error';
import { RegistryTransport, type RegistryClientOptions } from './registry-transport';
import { DEFAULT_RETRY, isTransient, TransientError, withRetry } from './retry';

export { isLoopbackHost, RegistryAuthError, RegistryError };
export type { Credentials, RegistryClientOptions } from './registry-transport';

// Every manifest kind a tag may point at; the registry answers with the stored bytes.
const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** A registry whose manifest digests do not match the bytes: never retried, never believed. */
export class ManifestDigestError extends ReleaseError {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestDigestError';
  }
}

function digestOf(bytes: Buffer, algorithm: 'sha256' | 'sha512'): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
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
  private readonly transport: RegistryTransport;

  constructor(private readonly options: RegistryClientOptions) {
    this.transport = new RegistryTransport(options);
  }

  /** The manifest a tag or digest points at, or null when it does not exist. */
  /**
   * The digest is always the one of the bytes received: a manifest asked for by digest must hash
   * to it, and a `Docker-Content-Digest` header that names other bytes is a registry not to trust
   * (one line naming it; nothing is promoted, tagged or signed on its word).
   */
  async getManifest(repo: string, ref: string): Promise<Manifest | null> {
    const res = await this.transport.request(repo, 'GET', `/v2/${repo}/manifests/${ref}`, { Accept: MANIFEST_ACCEPT }, undefined, [404]);
    if (res.status === 404) return null;
    const bytes = res.body;
    const header = res.header('docker-content-digest');
    const claimed = /^sha(256|512):/.test(ref) ? ref : header;
    const digest = digestOf(bytes, claimed?.startsWith('sha512:') ? 'sha512' : 'sha256');
    if (claimed && claimed !== digest) {
      throw new ManifestDigestError(
        `registry ${this.options.registry}: ${repo}${ref.includes(':') ? '@' : ':'}${ref} was answered with a manifest whose bytes hash to ${digest}, not ${claimed}; not trusted`,
      );
    }
    return { digest, mediaType: res.header('content-type') ?? '', bytes };
  }

  /** Points `tag` at exactly these manifest bytes: same bytes, same digest, checked against the registry's answer. */
  async putManifest(repo: string, tag: string, manifest: Manifest): Promise<string> {
    const res = await this.transport.request(repo, 'PUT', `/v2/${repo}/manifests/${tag}`, { 'Content-Type': manifest.mediaType }, manifest.bytes);
    const digest = digestOf(manifest.bytes, manifest.digest.startsWith('sha512:') ? 'sha512' : 'sha256');
    const stored = res.header('docker-content-digest');
    if (stored && stored !== digest) {
      throw new ManifestDigestError(`registry ${this.options.registry}: ${repo}:${tag} was stored as ${stored}, not the ${digest} this run put; not trusted`);
    }
    return digest;
  }

  async hasBlob(repo: string, digest: string): Promise<boolean> {
    return (await this.blobSize(repo, digest)) !== null;
  }

  /** The size of a blob the repository holds, or null when it holds none. */
  async blobSize(repo: string, digest: string): Promise<number | null> {
    const res = await this.transport.request(repo, 'HEAD', `/v2/${repo}/blobs/${digest}`, {}, undefined, [404]);
    return res.status === 404 ? null : Number(res.header('content-length') ?? 0);
  }

  /**
   * Cross-repository mount: links a blob another repository of this registry holds, no bytes
   * sent. False when the registry declines (it answers with a new upload session instead).
   */
  async mountBlob(repo: string, digest: string, from: string): Promise<boolean> {
    const query = new URLSearchParams({ mount: digest, from });
    const res = await this.transport.request(repo, 'POST', `/v2/${repo}/blobs/uploads/?${query}`, {}, undefined);
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
        const url = new URL(`${this.transport.base}/v2/${repo}/blobs/${digest}`);
        const res = await this.transport.stream(repo, url, ranged ? { Range: `bytes=${from}-${to - 1}` } : {});
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
        throwIfCancelled();
        const start = await this.transport.request(repo, 'POST', `/v2/${repo}/blobs/uploads/`, {}, undefined, [], 1);
        let location = this.uploadUrl(repo, start);
        try {
          if (chunked) location = await this.uploadChunks(repo, location, blob, (now) => (location = now));
          throwIfCancelled();
          const closing = new URL(location);
          closing.searchParams.set('digest', digest);
          await this.transport.request(repo, 'PUT', `${closing.pathname}${closing.search}`, { 'Content-Type': 'application/octet-stream' }, chunked ? undefined : blob, [], 1);
        } catch (err) {
          await this.cancelUpload(repo, location);
          throw err;
        }
      },
      (err, attempt, delay) => this.options.onRetry?.(`${err.message} (upload attempt ${attempt}, retrying in ${delay} ms)`),
    );
  }

  /**
   * A failed or cancelled upload session is deleted, so the registry does not keep its partial
   * bytes until its own clean-up (hours, by default a week on the distribution registry). Best
   * effort: one attempt, whatever it answers.
   */
  private async cancelUpload(repo: string, session: URL): Promise<void> {
    try {
      await asCleanUp(() => this.transport.request(repo, 'DELETE', `${session.pathname}${session.search}`, {}, undefined, [404], 1));
    } catch {
      // the session may be gone already, or the registry unreachable: its own clean-up remains
    }
  }

  /** PATCHes the chunks in order; returns the session URL for the closing PUT. */
  private async uploadChunks(repo: string, session: URL, blob: BlobSource, moved: (location: URL) => void): Promise<URL> {
    const policy = this.options.retry ?? DEFAULT_RETRY;
    let location = session;
    let offset = 0;
    let resumes = 0;
    while (offset < blob.size) {
      const end = Math.min(offset + CHUNK, blob.size);
      throwIfCancelled();
      const headers = { 'Content-Type': 'application/octet-stream', 'Content-Range': `${offset}-${end - 1}` };
      try {
        const res = await this.transport.request(repo, 'PATCH', `${location.pathname}${location.search}`, headers, blob.slice?.(offset, end), [], 1);
        location = this.uploadUrl(repo, res);
        moved(location);
        offset = end;
      } catch (err) {
        // 416: the registry holds other bytes than this chunk assumed; start the session over.
        if (err instanceof RegistryError && err.answer?.status === 416) throw new TransientError(err.message);
        if (!isTransient(err) || ++resumes >= policy.attempts) throw err;
        this.options.onRetry?.(`${err.message} (chunk ${offset}-${end - 1}, resuming from what the registry holds)`);
        const status = await this.transport.request(repo, 'GET', `${location.pathname}${location.search}`, {}, undefined, [404]);
        if (status.status === 404) throw err; // the session is gone: start over
        location = this.uploadUrl(repo, status);
        moved(location);
        offset = rangeEnd(status.header('range'));
      }
    }
    return location;
  }

  private uploadUrl(repo: string, res: HttpResponse): URL {
    const location = res.header('location');
    if (!location) throw new TransientError(`${this.options.registry}/v2/${repo}/blobs/uploads/: no Location header`);
    const url = new URL(location, this.transport.base);
    // Uploads go to the registry that holds the credentials; another host would get the bytes blind.
    // Same host, other scheme (an http Location behind a TLS-terminating proxy): keep ours.
    if (url.host !== new URL(this.transport.base).host) {
      throw new RegistryAuthError(`registry ${this.options.registry} sends uploads of ${repo} to another host (${url.host}); not supported, nothing sent there`);
    }
    return new URL(`${url.pathname}${url.search}`, this.transport.base);
  }

  /** A small blob's exact bytes (a config), buffered and checked against its digest. */
  async getBlob(repo: string, digest: string): Promise<Buffer> {
    const policy = this.options.retry ?? DEFAULT_RETRY;
    return withRetry(policy, async () => {
      // One attempt per round: this loop retries transfers and wrong bytes alike.
      const body = (await this.transport.request(repo, 'GET', `/v2/${repo}/blobs/${digest}`, {}, undefined, [], 1)).body;
      const actual = `sha256:${createHash('sha256').update(body).digest('hex')}`;
      if (digest.startsWith('sha256:') && actual !== digest) throw new TransientError(`GET ${this.options.registry}/v2/${repo}/blobs/${digest}: the bytes received hash to ${actual}`);
      return body;
    });
  }
}

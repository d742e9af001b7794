import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import type { Manifest, RegistryApi } from '../registry-client';
import type { BlobRelay } from './blob-relay';

export interface RelayOptions {
  blobs: BlobRelay;
  /** Where child manifests pushed by digest (an index's entries) are stored right away. */
  targets: { repository: string; client: RegistryApi }[];
  /** Repository path shown in the relay's image name (the first target's). */
  repository: string;
  /** Private directory for upload sessions. */
  scratch: string;
}

export interface Relay {
  /** The image name BuildKit pushes to: 127.0.0.1:<port>/<repository>. */
  readonly name: string;
  readonly host: string;
  /** The login the relay accepts (random per run; only the build's DOCKER_CONFIG holds it). */
  readonly username: string;
  readonly password: string;
  /** The manifest BuildKit pushed under `tag`, kept here: tags are applied by the caller. */
  tagged(tag: string): Manifest | undefined;
  /** A blob BuildKit uploaded in this run (a config), or undefined. */
  blob(digest: string): Buffer | undefined;
  /** How many requests the engine made (0: it never reached the relay). */
  requests(): number;
  /** The registry error that made the relay refuse BuildKit a request, if any. */
  failure(): string | undefined;
  close(): Promise<void>;
}

interface Session {
  file: string;
  out: WriteStream;
  hash: ReturnType<typeof createHash>;
  size: number;
}

/**
 * A registry endpoint on loopback that BuildKit pushes the built image to (what `buildx build
 * --push` costs: BuildKit knows the compressed digests of base layers and compresses only new
 * ones), while every request to the real registries is made here, with this process's retries
 * and credentials: the daemon never sees a password, a flaky registry never fails the build.
 * Blobs go on to the targets as they arrive; a manifest pushed under a tag stays here for the
 * caller to apply its tags. A random per-run password keeps other local clients out.
 */
export async function startRelay(options: RelayOptions): Promise<Relay> {
  const password = randomBytes(24).toString('hex');
  const expected = `Basic ${Buffer.from(`${RELAY_USER}:${password}`).toString('base64')}`;
  const sessions = new Map<string, Session>();
  const manifests = new Map<string, Manifest>();
  const received = new Map<string, Session>();
  const sockets = new Set<Socket>();
  let failure: string | undefined;
  let nextSession = 0;
  let requests = 0;

  const server: Server = createServer((req, res) => {
    requests++;
    handle(req, res).catch((err: Error) => {
      failure ??= err.message;
      reply(res, 503, { errors: [{ code: 'UNAVAILABLE', message: err.message }] });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://relay');
    const method = req.method ?? 'GET';
    if (!timingSafeEqualText(req.headers.authorization ?? '', expected)) {
      return reply(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: 'relay login required' }] }, { 'WWW-Authenticate': 'Basic realm="nx-docker-release relay"' });
    }
    if (url.pathname === '/v2/' || url.pathname === '/v2') return reply(res, 200, {});
    const prefix = `/v2/${options.repository}/`;
    if (!url.pathname.startsWith(prefix)) return reply(res, 404, { errors: [{ code: 'NAME_UNKNOWN', message: 'not this relay' }] });
    const rest = url.pathname.slice(prefix.length);
    const base = `/v2/${options.repository}`;
    if (rest === 'blobs/uploads/' && method === 'POST') {
      const mount = url.searchParams.get('mount');
      if (mount && (await options.blobs.ensure(mount)) !== null) return reply(res, 201, undefined, { Location: `${base}/blobs/${mount}`, 'Docker-Content-Digest': mount });
      const id = String(nextSession++);
      const file = join(options.scratch, `upload-${id}`);
      sessions.set(id, { file, out: createWriteStream(file, { mode: 0o600 }), hash: createHash('sha256'), size: 0 });
      return reply(res, 202, undefined, { Location: `${base}/blobs/uploads/${id}`, 'Docker-Upload-UUID': id, Range: '0-0' });
    }
    const upload = /^blobs\/uploads\/([0-9]+)$/.exec(rest);
    if (upload) {
      const session = sessions.get(upload[1]);
      if (!session) return reply(res, 404, { errors: [{ code: 'BLOB_UPLOAD_UNKNOWN', message: 'no such upload' }] });
      await append(req, session);
      const location = `${base}/blobs/uploads/${upload[1]}`;
      if (method === 'PATCH') return reply(res, 202, undefined, { Location: location, Range: `0-${Math.max(0, session.size - 1)}`, 'Docker-Upload-UUID': upload[1] });
      if (method !== 'PUT') return reply(res, 405, { errors: [{ code: 'UNSUPPORTED', message: method }] });
      const digest = url.searchParams.get('digest') ?? '';
      sessions.delete(upload[1]);
      await new Promise<void>((resolve, reject) => session.out.end((err?: Error | null) => (err ? reject(err) : resolve())));
      if (`sha256:${session.hash.digest('hex')}` !== digest) return reply(res, 400, { errors: [{ code: 'DIGEST_INVALID', message: `content does not match ${digest}` }] });
      await options.blobs.upload(digest, session.file, session.size);
      received.set(digest, session);
      return reply(res, 201, undefined, { Location: `${base}/blobs/${digest}`, 'Docker-Content-Digest': digest });
    }
    const blob = /^blobs\/(sha256:[0-9a-f]{64})$/.exec(rest);
    if (blob && (method === 'HEAD' || method === 'GET')) {
      const own = received.get(blob[1]);
      const size = own ? own.size : await options.blobs.ensure(blob[1]);
      if (size === null) return reply(res, 404, { errors: [{ code: 'BLOB_UNKNOWN', message: blob[1] }] });
      if (method === 'HEAD') return reply(res, 200, undefined, { 'Content-Length': String(size), 'Docker-Content-Digest': blob[1] });
      // BuildKit reads the config back after pushing: the bytes it sent, or the registry's.
      const headers = { 'Content-Type': 'application/octet-stream', 'Docker-Content-Digest': blob[1] };
      if (own) {
        res.writeHead(200, { ...headers, 'Content-Length': String(own.size) });
        return void createReadStream(own.file).pipe(res);
      }
      const [first] = options.targets;
      const bytes = await first.client.getBlob(first.repository, blob[1]);
      res.writeHead(200, { ...headers, 'Content-Length': String(bytes.length) });
      return void res.end(bytes);
    }
    const manifest = /^manifests\/([^/]+)$/.exec(rest);
    if (manifest) return manifestRequest(req, res, method, manifest[1]);
    return reply(res, 405, { errors: [{ code: 'UNSUPPORTED', message: `${method} ${rest}` }] });
  }

  async function manifestRequest(req: IncomingMessage, res: ServerResponse, method: string, ref: string): Promise<void> {
    if (method === 'PUT') {
      const bytes = await readAll(req);
      const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
      const value = { digest, mediaType: req.headers['content-type'] ?? '', bytes };
      // A manifest by digest is part of something larger (an index's child): store it now.
      if (ref.startsWith('sha256:')) for (const t of options.targets) await t.client.putManifest(t.repository, digest, value);
      manifests.set(ref, value);
      manifests.set(digest, value);
      return reply(res, 201, undefined, { Location: `/v2/${options.repository}/manifests/${digest}`, 'Docker-Content-Digest': digest });
    }
    const found = manifests.get(ref);
    if (!found) return reply(res, 404, { errors: [{ code: 'MANIFEST_UNKNOWN', message: ref }] });
    const headers = { 'Content-Type': found.mediaType, 'Docker-Content-Digest': found.digest, 'Content-Length': String(found.bytes.length) };
    res.writeHead(200, headers);
    res.end(method === 'HEAD' ? undefined : found.bytes);
  }

  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    name: `127.0.0.1:${port}/${options.repository}`,
    host: `127.0.0.1:${port}`,
    username: RELAY_USER,
    password,
    tagged: (tag) => manifests.get(tag),
    blob: (digest) => {
      const own = received.get(digest);
      return own ? readFileSync(own.file) : undefined;
    },
    requests: () => requests,
    failure: () => failure,
    close: async () => {
      for (const s of sockets) s.destroy();
      for (const session of sessions.values()) session.out.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const RELAY_USER = 'nx-docker-release';

function timingSafeEqualText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function append(req: IncomingMessage, session: Session): Promise<void> {
  return new Promise((resolve, reject) => {
    req.on('data', (chunk: Buffer) => {
      session.hash.update(chunk);
      session.size += chunk.length;
      if (!session.out.write(chunk)) {
        req.pause();
        session.out.once('drain', () => req.resume());
      }
    });
    req.on('end', resolve);
    req.on('error', reject);
  });
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function reply(res: ServerResponse, status: number, body?: object | string, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'Docker-Distribution-API-Version': 'registry/2.0', 'Content-Length': String(Buffer.byteLength(text)), ...(text ? { 'Content-Type': 'application/json' } : {}), ...headers });
  res.end(text);
}

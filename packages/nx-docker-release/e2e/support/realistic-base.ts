import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { TestRegistry } from './registry';

export interface PublishedBase {
  /** Pull reference, e.g. 127.0.0.1:5000/base/toolchain:1 */
  ref: string;
  /** The compressed layer's digest and size in the registry. */
  layerDigest: string;
  layerSize: number;
  /** Uncompressed size of the layer. */
  rawSize: number;
}

/**
 * A realistic base image, as a CI runner finds one: a real directory tree of compressible files
 * (the Go toolchain, `copies` times: ~330 MB each) in one layer, gzipped once here and pushed
 * over the registry API, then pulled by the engine, which so knows its compressed digest as
 * after any pull. Nothing is pulled from the internet.
 */
export async function publishBase(registry: TestRegistry, repository: string, copies = 1): Promise<PublishedBase> {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-base-'));
  try {
    const goroot = execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
    const layer = join(dir, 'layer.tar');
    for (let i = 0; i < copies; i++) {
      const mode = i === 0 ? '-cf' : '-rf';
      execFileSync('tar', [mode, layer, `--transform=s,^${basename(goroot)},opt/toolchain-${i},`, '-C', dirname(goroot), basename(goroot)]);
    }
    const { layerDigest, layerSize, rawSize } = await pushLayerImage(registry, repository, '1', layer);
    const ref = `${registry.host}/${repository}:1`;
    // The engine pulls it as a runner would (with a login of its own, removed afterwards).
    const config2 = join(dir, 'docker');
    mkdirSync(config2);
    writeFileSync(join(config2, 'config.json'), JSON.stringify({ auths: { [registry.host]: { auth: Buffer.from(`${registry.user}:${registry.password}`).toString('base64') } } }));
    execFileSync('docker', ['--config', config2, 'pull', '-q', ref], { stdio: 'ignore' });
    return { ref, layerDigest, layerSize, rawSize };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Pushes a one-layer linux/amd64 image over the registry API: `layerTar` (removed: gzipped in
 * place, -n so the digest is the same every time) as its layer. The engine is not involved.
 */
export async function pushLayerImage(registry: TestRegistry, repository: string, tag: string, layerTar: string): Promise<{ digest: string; layerDigest: string; layerSize: number; rawSize: number }> {
  const rawSize = statSync(layerTar).size;
  const diffId = await fileDigest(layerTar);
  execFileSync('gzip', ['-1', '-n', '-f', layerTar]);
  const gz = `${layerTar}.gz`;
  const layerDigest = await fileDigest(gz);
  const layerSize = statSync(gz).size;
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: [diffId] } }));
  const configFile = `${layerTar}.config.json`;
  writeFileSync(configFile, config);
  const configDigest = await fileDigest(configFile);
  await uploadBlob(registry, repository, gz, layerDigest);
  await uploadBlob(registry, repository, configFile, configDigest);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: layerDigest, size: layerSize }],
    }),
  );
  await send(registry, 'PUT', `/v2/${repository}/manifests/${tag}`, manifest, { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' });
  return { digest: `sha256:${createHash('sha256').update(manifest).digest('hex')}`, layerDigest, layerSize, rawSize };
}

async function fileDigest(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return `sha256:${hash.digest('hex')}`;
}

async function uploadBlob(registry: TestRegistry, repository: string, file: string, digest: string): Promise<void> {
  const start = await send(registry, 'POST', `/v2/${repository}/blobs/uploads/`);
  const location = new URL(start.location ?? '', `http://${registry.host}`);
  location.searchParams.set('digest', digest);
  await send(registry, 'PUT', `${location.pathname}${location.search}`, file, { 'Content-Type': 'application/octet-stream' });
}

function send(registry: TestRegistry, method: string, path: string, body?: Buffer | string, headers: Record<string, string> = {}): Promise<{ status: number; location?: string }> {
  const [hostname, port] = registry.host.split(':');
  const auth = `Basic ${Buffer.from(`${registry.user}:${registry.password}`).toString('base64')}`;
  const length = body === undefined ? 0 : Buffer.isBuffer(body) ? body.length : statSync(body).size;
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port: Number(port), method, path, headers: { ...headers, Authorization: auth, 'Content-Length': String(length) } }, (res) => {
      res.resume();
      res.on('end', () => {
        if ((res.statusCode ?? 0) >= 300) reject(new Error(`${method} ${path}: HTTP ${res.statusCode}`));
        else resolve({ status: res.statusCode ?? 0, location: res.headers.location });
      });
    });
    req.on('error', reject);
    if (typeof body === 'string') createReadStream(body).pipe(req);
    else req.end(body);
  });
}

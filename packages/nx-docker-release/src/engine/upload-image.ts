import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, gzipSync } from 'node:zlib';
import { bufferSource, fileRange, type BlobSource } from './blob-source';
import type { Descriptor, SavedImage } from './oci-layout';
import type { Manifest, RegistryApi } from './registry-client';
import type { UploadProgress } from './upload-progress';

const sha256 = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

export interface UploadStats {
  uploaded: number;
  alreadyPresent: number;
}

/** What goes to every registry: the blobs (layers, then config) and the manifest naming them. */
export interface PreparedImage {
  blobs: (Descriptor & { source: BlobSource })[];
  manifest: Manifest;
}

/**
 * Gzips each layer (deterministic: same layer, same digest) into a scratch file, streaming, so
 * no layer is ever held in memory; a layer gzip cannot shrink ships uncompressed. Returns the
 * OCI manifest that references the results.
 */
export async function prepareImage(image: SavedImage, scratch: string, annotations: Record<string, string> = {}): Promise<PreparedImage> {
  const layers = await Promise.all(
    image.layers.map(async (layer, i) => {
      if (layer.mediaType.endsWith('+gzip') || !worthCompressing(layer.source)) {
        return { mediaType: layer.mediaType, digest: layer.digest, size: layer.source.size, source: layer.source };
      }
      const file = join(scratch, `layer-${i}.tar.gz`);
      const hash = createHash('sha256');
      let size = 0;
      const measure = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          hash.update(chunk);
          size += chunk.length;
          done(null, chunk);
        },
      });
      await pipeline(layer.source.open(), createGzip(), measure, createWriteStream(file, { mode: 0o600 }));
      return { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: `sha256:${hash.digest('hex')}`, size, source: fileRange(file, 0, size) };
    }),
  );
  const config = { mediaType: 'application/vnd.oci.image.config.v1+json', digest: image.config.digest, size: image.config.size, source: bufferSource(image.config.bytes) };
  const descriptor = ({ mediaType, digest, size }: Descriptor): Descriptor => ({ mediaType, digest, size });
  const body = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: descriptor(config),
      layers: layers.map(descriptor),
      ...(Object.keys(annotations).length ? { annotations } : {}),
    }),
  );
  return { blobs: [...layers, config], manifest: { digest: sha256(body), mediaType: 'application/vnd.oci.image.manifest.v1+json', bytes: body } };
}

/** Uploads the blobs the registry does not have yet (HEAD first); the caller then puts the manifest. */
export async function uploadPrepared(client: RegistryApi, repo: string, image: PreparedImage, stats: UploadStats, progress?: UploadProgress): Promise<void> {
  for (const blob of image.blobs) {
    if (await client.hasBlob(repo, blob.digest)) {
      stats.alreadyPresent++;
      continue;
    }
    const tracked = progress?.track(blob.digest, blob.source);
    await client.uploadBlob(repo, blob.digest, tracked?.source ?? blob.source);
    tracked?.finished();
    stats.uploaded++;
  }
}

/**
 * Whether gzip saves anything: four 64 KiB samples compressed at level 1. Data that is already
 * compressed or random (archives, media, packed binaries) ships as an uncompressed OCI layer,
 * which registries and runtimes accept, instead of spending ~40 ms per MB for nothing.
 */
export function worthCompressing(layer: Pick<BlobSource, 'size' | 'read'>): boolean {
  if (layer.size < 1 << 20) return true;
  const sample = 1 << 16;
  let raw = 0;
  let packed = 0;
  for (let i = 0; i < 4; i++) {
    const chunk = layer.read(Math.floor(((layer.size - sample) * i) / 3), sample);
    raw += chunk.length;
    packed += gzipSync(chunk, { level: 1 }).length;
  }
  return packed < raw * 0.9;
}

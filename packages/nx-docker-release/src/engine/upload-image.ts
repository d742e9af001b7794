import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip, gzipSync } from 'node:zlib';
import type { Descriptor, SavedImage } from './oci-layout';
import type { Manifest, RegistryClient } from './registry-client';

const gzipAsync = promisify(gzip);
const sha256 = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

export interface UploadStats {
  uploaded: number;
  alreadyPresent: number;
}

/**
 * Uploads a saved image's blobs (layers gzipped, deterministic: same layer, same digest) unless
 * the registry already has them, and returns the OCI manifest that references them. The caller
 * puts that manifest under each tag.
 */
export async function uploadImage(client: RegistryClient, repo: string, image: SavedImage, stats: UploadStats, annotations: Record<string, string> = {}): Promise<Manifest> {
  const layers = await Promise.all(
    image.layers.map(async (layer) => {
      if (layer.mediaType.endsWith('+gzip') || !worthCompressing(layer.bytes)) {
        return { mediaType: layer.mediaType, digest: layer.digest, size: layer.bytes.length, bytes: layer.bytes };
      }
      const bytes = await gzipAsync(layer.bytes);
      return { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha256(bytes), size: bytes.length, bytes };
    }),
  );
  const config = { mediaType: 'application/vnd.oci.image.config.v1+json', digest: image.config.digest, size: image.config.size, bytes: image.config.bytes };
  for (const blob of [...layers, config]) {
    if (await client.hasBlob(repo, blob.digest)) {
      stats.alreadyPresent++;
      continue;
    }
    await client.uploadBlob(repo, blob.digest, blob.bytes);
    stats.uploaded++;
  }
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
  return { digest: sha256(body), mediaType: 'application/vnd.oci.image.manifest.v1+json', bytes: body };
}

/**
 * Whether gzip saves anything: four 64 KiB samples compressed at level 1. Data that is already
 * compressed or random (archives, media, packed binaries) ships as an uncompressed OCI layer,
 * which registries and runtimes accept, instead of spending ~40 ms per MB for nothing.
 */
export function worthCompressing(bytes: Buffer): boolean {
  if (bytes.length < 1 << 20) return true;
  const sample = 1 << 16;
  let raw = 0;
  let packed = 0;
  for (let i = 0; i < 4; i++) {
    const start = Math.floor(((bytes.length - sample) * i) / 3);
    const chunk = bytes.subarray(start, start + sample);
    raw += chunk.length;
    packed += gzipSync(chunk, { level: 1 }).length;
  }
  return packed < raw * 0.9;
}

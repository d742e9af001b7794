import { createHash } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import { Readable } from 'node:stream';
import type { BlobSource } from '../src/engine/blob-source';
import type { Manifest, RegistryApi } from '../src/engine/registry-client';

const digestOf = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/**
 * A registry in memory for engine specs: manifests by tag and digest, blobs per repository, every
 * read and write recorded in order. `refuse` makes a manifest PUT throw, as a registry answering an error would.
 */
export class MemoryRegistry implements RegistryApi {
  /** The references manifests were asked for, in order. */
  readonly reads: string[] = [];
  readonly writes: string[] = [];
  refuse?: (repo: string, tag: string) => Error | undefined;
  /** Runs after a manifest PUT landed: another run's PUT racing this one. */
  afterPut?: (repo: string, tag: string) => void;
  private readonly manifests = new Map<string, Manifest>();
  private readonly blobs = new Map<string, Buffer>();

  async getManifest(repo: string, ref: string): Promise<Manifest | null> {
    this.reads.push(ref);
    return this.manifests.get(`${repo}@${ref}`) ?? null;
  }

  async putManifest(repo: string, tag: string, manifest: Manifest): Promise<string> {
    const refused = this.refuse?.(repo, tag);
    if (refused) throw refused;
    this.writes.push(`manifest ${repo}:${tag}`);
    this.manifests.set(`${repo}@${tag}`, manifest);
    this.manifests.set(`${repo}@${manifest.digest}`, manifest);
    this.afterPut?.(repo, tag);
    return manifest.digest;
  }

  async hasBlob(repo: string, digest: string): Promise<boolean> {
    return this.blobs.has(`${repo}@${digest}`);
  }

  async blobSize(repo: string, digest: string): Promise<number | null> {
    return this.blobs.get(`${repo}@${digest}`)?.length ?? null;
  }

  async mountBlob(repo: string, digest: string, from: string): Promise<boolean> {
    const blob = this.blobs.get(`${from}@${digest}`);
    if (blob) this.blobs.set(`${repo}@${digest}`, blob);
    return blob !== undefined;
  }

  remoteBlob(repo: string, digest: string, size: number, from = 0, to = size): BlobSource {
    const bytes = (this.blobs.get(`${repo}@${digest}`) ?? Buffer.alloc(0)).subarray(from, to);
    return { size: bytes.length, open: () => Readable.from([bytes]), read: (at, length) => bytes.subarray(at, at + length) };
  }

  async uploadBlob(repo: string, digest: string, blob: BlobSource): Promise<void> {
    const bytes = await buffer(blob.open());
    if (digestOf(bytes) !== digest) throw new Error(`upload of ${digest}: the bytes hash to ${digestOf(bytes)}`);
    this.writes.push(`blob ${repo}@${digest}`);
    this.blobs.set(`${repo}@${digest}`, bytes);
  }

  async getBlob(repo: string, digest: string): Promise<Buffer> {
    const blob = this.blobs.get(`${repo}@${digest}`);
    if (!blob) throw new Error(`blob unknown: ${repo}@${digest}`);
    return blob;
  }

  /** An image as an earlier release left it: a config with these labels, no layers, under `tag`. */
  seedImage(repo: string, tag: string, labels: Record<string, string>): Manifest {
    const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Labels: labels }, rootfs: { type: 'layers', diff_ids: [] } }));
    this.blobs.set(`${repo}@${digestOf(config)}`, config);
    const mediaType = 'application/vnd.oci.image.manifest.v1+json';
    const bytes = Buffer.from(
      JSON.stringify({ schemaVersion: 2, mediaType, config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: digestOf(config), size: config.length }, layers: [] }),
    );
    const manifest = { digest: digestOf(bytes), mediaType, bytes };
    this.manifests.set(`${repo}@${tag}`, manifest);
    this.manifests.set(`${repo}@${manifest.digest}`, manifest);
    return manifest;
  }
}

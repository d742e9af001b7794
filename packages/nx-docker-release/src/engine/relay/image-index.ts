import { createHash } from 'node:crypto';
import type { PublishStep } from '../../release/types';
import type { Manifest, RegistryApi } from '../registry-client';

const INDEX = 'application/vnd.oci.image.index.v1+json';

export interface IndexEntry {
  mediaType: string;
  digest: string;
  size: number;
  platform: { architecture: string; os: string; variant?: string };
  annotations?: Record<string, string>;
}

type Target = { repository: string; client: RegistryApi };

/**
 * Stores per-platform manifests by digest, byte for byte as BuildKit wrote them, in every target,
 * and describes each as an index entry whose platform is read from the manifest's own config (so
 * an index never claims what an image is not). `config` reads a config blob (the relay's copy, or
 * the registry's).
 */
export async function storeChildren(pushed: Manifest[], targets: Target[], config: (digest: string) => Promise<Buffer>): Promise<IndexEntry[]> {
  return Promise.all(
    pushed.map(async (manifest) => {
      for (const t of targets) await t.client.putManifest(t.repository, manifest.digest, manifest);
      return { mediaType: manifest.mediaType, digest: manifest.digest, size: manifest.bytes.length, platform: await platformOf(manifest, config) };
    }),
  );
}

export async function platformOf(manifest: Manifest, config: (digest: string) => Promise<Buffer>): Promise<IndexEntry['platform']> {
  const body = JSON.parse(manifest.bytes.toString('utf8')) as { config?: { digest: string } };
  if (!body.config) throw new Error(`${manifest.digest} is not an image manifest`);
  const parsed = JSON.parse((await config(body.config.digest)).toString('utf8')) as { os?: string; architecture?: string; variant?: string };
  return { architecture: parsed.architecture ?? 'unknown', os: parsed.os ?? 'unknown', ...(parsed.variant ? { variant: parsed.variant } : {}) };
}

/** The OCI index over the entries (index annotations, and manifest-descriptor ones on each entry). */
export function indexOver(entries: IndexEntry[], publish: PublishStep): Manifest {
  const manifests = entries.map((e) => (publish.descriptorAnnotations && e.platform.os !== 'unknown' ? { ...e, annotations: { ...e.annotations, ...publish.descriptorAnnotations } } : e));
  const bytes = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: INDEX, manifests, ...(publish.indexAnnotations ? { annotations: publish.indexAnnotations } : {}) }));
  return { digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`, mediaType: INDEX, bytes };
}

export const platformName = (p: IndexEntry['platform']): string => [p.os, p.architecture, p.variant].filter(Boolean).join('/');

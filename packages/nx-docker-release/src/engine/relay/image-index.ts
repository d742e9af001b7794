import { createHash } from 'node:crypto';
import type { PublishStep } from '../../release/types';
import type { Manifest, RegistryClient } from '../registry-client';
import type { Relay } from './relay-server';

const INDEX = 'application/vnd.oci.image.index.v1+json';

/**
 * One OCI image index over the per-platform manifests BuildKit pushed, each entry's platform
 * read from that manifest's own config (so an index never claims what an image is not). The
 * child manifests are stored by digest, byte for byte as BuildKit wrote them, in every target
 * before the index exists; the caller then puts the index under each tag.
 */
export async function assembleIndex(pushed: Manifest[], publish: PublishStep, targets: { repository: string; client: RegistryClient }[], relay: Relay): Promise<Manifest> {
  const [first] = targets;
  const entries = await Promise.all(
    pushed.map(async (manifest) => {
      const body = JSON.parse(manifest.bytes.toString('utf8')) as { config?: { digest: string } };
      if (!body.config) throw new Error(`relay: ${manifest.digest} is not an image manifest`);
      const config = JSON.parse((relay.blob(body.config.digest) ?? (await first.client.getBlob(first.repository, body.config.digest))).toString('utf8')) as { os?: string; architecture?: string; variant?: string };
      for (const t of targets) await t.client.putManifest(t.repository, manifest.digest, manifest);
      return {
        mediaType: manifest.mediaType,
        digest: manifest.digest,
        size: manifest.bytes.length,
        platform: { architecture: config.architecture ?? 'unknown', os: config.os ?? 'unknown', ...(config.variant ? { variant: config.variant } : {}) },
        ...(publish.descriptorAnnotations ? { annotations: publish.descriptorAnnotations } : {}),
      };
    }),
  );
  const bytes = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: INDEX, manifests: entries, ...(publish.indexAnnotations ? { annotations: publish.indexAnnotations } : {}) }));
  return { digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`, mediaType: INDEX, bytes };
}

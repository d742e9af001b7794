import type { ImageReference } from '../../release/image-ref';
import { RegistryAuthError, type RegistryApi } from '../registry-client';

/** Where a compressed layer already lives: a repository of some registry, and its size. */
export interface LayerSource {
  client: RegistryApi;
  registry: string;
  repository: string;
  size: number;
}

interface Descriptor {
  digest: string;
  size: number;
  platform?: { os?: string; architecture?: string; variant?: string };
}

/**
 * The compressed layers of the images a Dockerfile builds on, read from their registries: the
 * digests BuildKit asks the target registry for when it pushes. A base layer the target lacks
 * can then be mounted (same registry) or copied blob to blob (another registry) instead of being
 * compressed and uploaded again. An image that cannot be read contributes nothing, but a registry
 * refusing the credentials throws: BuildKit, asking with the same ones, would fail the build.
 */
export async function baseLayerSources(
  bases: ImageReference[],
  platform: string,
  clientFor: (registry: string) => Promise<RegistryApi>,
  onSkip: (message: string) => void,
): Promise<Map<string, LayerSource>> {
  const found = new Map<string, LayerSource>();
  await Promise.all(
    bases.map(async (base) => {
      try {
        const client = await clientFor(base.registry);
        for (const layer of await imageLayers(client, base, platform)) {
          if (!found.has(layer.digest)) found.set(layer.digest, { client, registry: base.registry, repository: base.repository, size: layer.size });
        }
      } catch (err) {
        if (err instanceof RegistryAuthError) throw new RegistryAuthError(`base image ${base.registry}/${base.repository}:${base.reference}: ${err.message}`);
        onSkip(`base image ${base.registry}/${base.repository}:${base.reference}: ${(err as Error).message}; its layers are uploaded as built`);
      }
    }),
  );
  return found;
}

async function imageLayers(client: RegistryApi, base: ImageReference, platform: string): Promise<Descriptor[]> {
  const top = await client.getManifest(base.repository, base.reference);
  if (!top) throw new Error('not in the registry');
  let body = JSON.parse(top.bytes.toString('utf8')) as { manifests?: Descriptor[]; layers?: Descriptor[] };
  if (body.manifests) {
    const [os, architecture, variant] = platform.split('/');
    const match = body.manifests.find((m) => m.platform?.os === os && m.platform.architecture === architecture && (!variant || m.platform.variant === variant));
    if (!match) throw new Error(`no ${platform} manifest in its index`);
    const child = await client.getManifest(base.repository, match.digest);
    if (!child) throw new Error(`index names ${match.digest}, which the registry does not hold`);
    body = JSON.parse(child.bytes.toString('utf8')) as typeof body;
  }
  return body.layers ?? [];
}

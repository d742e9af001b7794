import { tarFiles } from './tar-reader';

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
}

export interface SavedImage {
  config: Descriptor & { bytes: Buffer };
  /** Layers as `docker save` wrote them: uncompressed tars, base layer first. */
  layers: (Descriptor & { bytes: Buffer })[];
}

/**
 * Reads the OCI layout inside a `docker save` archive (Docker 25+): index.json -> image
 * manifest -> config and layer blobs. The archive stays in memory; blobs are slices of it.
 */
export function readSavedImage(archive: Buffer): SavedImage {
  const files = tarFiles(archive);
  const json = (path: string): Record<string, unknown> => {
    const file = files.get(path);
    if (!file) throw new Error(`docker save archive has no ${path} (Docker 25 or newer writes an OCI layout)`);
    return JSON.parse(file.toString('utf8')) as Record<string, unknown>;
  };
  const blob = (d: Descriptor): Descriptor & { bytes: Buffer } => {
    const bytes = files.get(`blobs/${d.digest.replace(':', '/')}`);
    if (!bytes) throw new Error(`docker save archive lacks blob ${d.digest}`);
    return { ...d, bytes };
  };
  const index = json('index.json') as { manifests?: Descriptor[] };
  const top = index.manifests?.[0];
  if (!top) throw new Error('docker save archive: index.json lists no manifest');
  let manifest = json(`blobs/${top.digest.replace(':', '/')}`) as { manifests?: Descriptor[]; config?: Descriptor; layers?: Descriptor[] };
  if (manifest.manifests?.[0]) manifest = json(`blobs/${manifest.manifests[0].digest.replace(':', '/')}`) as typeof manifest;
  if (!manifest.config || !manifest.layers) throw new Error('docker save archive: the image manifest has no config or layers');
  return { config: blob(manifest.config), layers: manifest.layers.map(blob) };
}

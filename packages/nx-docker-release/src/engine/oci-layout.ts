import { fileRange, type BlobSource } from './blob-source';
import { tarIndex } from './tar-reader';

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
}

export interface SavedImage {
  config: Descriptor & { bytes: Buffer };
  /** Layers as `docker save` wrote them (uncompressed tars, base layer first), as archive ranges. */
  layers: (Descriptor & { source: BlobSource })[];
}

/**
 * Reads the OCI layout inside a `docker save` archive file (Docker 25+): index.json -> image
 * manifest -> config and layer blobs. Only the JSON files are read; layers stay on disk.
 */
export function readSavedImage(archive: string): SavedImage {
  const files = tarIndex(archive);
  const source = (path: string, what: string): BlobSource => {
    const entry = files.get(path);
    if (!entry) throw new Error(`docker save archive has no ${what}`);
    return fileRange(archive, entry.offset, entry.size);
  };
  const json = (path: string, what = `${path} (Docker 25 or newer writes an OCI layout)`): Record<string, unknown> => {
    const file = source(path, what);
    return JSON.parse(file.read(0, file.size).toString('utf8')) as Record<string, unknown>;
  };
  const blobPath = (d: Descriptor): string => `blobs/${d.digest.replace(':', '/')}`;
  const index = json('index.json') as { manifests?: Descriptor[] };
  const top = index.manifests?.[0];
  if (!top) throw new Error('docker save archive: index.json lists no manifest');
  let manifest = json(blobPath(top), `blob ${top.digest}`) as { manifests?: Descriptor[]; config?: Descriptor; layers?: Descriptor[] };
  if (manifest.manifests?.[0]) manifest = json(blobPath(manifest.manifests[0]), `blob ${manifest.manifests[0].digest}`) as typeof manifest;
  if (!manifest.config || !manifest.layers) throw new Error('docker save archive: the image manifest has no config or layers');
  const config = source(blobPath(manifest.config), `blob ${manifest.config.digest}`);
  return {
    config: { ...manifest.config, bytes: config.read(0, config.size) },
    layers: manifest.layers.map((d) => ({ ...d, source: source(blobPath(d), `blob ${d.digest}`) })),
  };
}

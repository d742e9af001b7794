import { createHash } from 'node:crypto';
import { planProvenance } from '../release/provenance';
import type { PublishStep } from '../release/types';
import { attachProvenance, attestationsIn } from './attest';
import type { BlobSource } from './blob-source';
import type { Manifest, RegistryClient } from './registry-client';

const sha256 = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** An in-memory repository: blobs and manifests by digest or tag, as the registry API stores them. */
function memoryRegistry(): { client: RegistryClient; blobs: Map<string, Buffer>; manifests: Map<string, Manifest> } {
  const blobs = new Map<string, Buffer>();
  const manifests = new Map<string, Manifest>();
  const client = {
    hasBlob: async (_r: string, d: string) => blobs.has(d),
    getBlob: async (_r: string, d: string) => blobs.get(d) ?? Buffer.alloc(0),
    uploadBlob: async (_r: string, d: string, source: BlobSource) => void blobs.set(d, source.read(0, source.size)),
    putManifest: async (_r: string, ref: string, m: Manifest) => (manifests.set(ref, m), m.digest),
    getManifest: async (_r: string, ref: string) => manifests.get(ref) ?? null,
  } as unknown as RegistryClient;
  return { client, blobs, manifests };
}

function imageIn(reg: ReturnType<typeof memoryRegistry>, arch: string): Manifest {
  const config = Buffer.from(JSON.stringify({ architecture: arch, os: 'linux', config: {} }));
  reg.blobs.set(sha256(config), config);
  const bytes = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { digest: sha256(config), size: config.length }, layers: [] }));
  return { digest: sha256(bytes), mediaType: 'application/vnd.oci.image.manifest.v1+json', bytes };
}

const provenance = planProvenance({
  mode: 'min',
  options: { images: ['r.example/org/api'] },
  git: { sha: 'c'.repeat(40), repo: { html_url: 'https://github.com/org/repo' } },
  ref: 'refs/heads/main',
  project: 'api',
  target: 'release',
  context: 'api',
  file: 'api/Dockerfile',
  platforms: ['linux/amd64'],
  builder: 'buildx',
  contentKey: 'sha256:key',
  baseImages: [],
  run: { builderId: 'urn:nx-docker-release:local' },
});
const step = { targets: [{ image: 'r.example/org/api', registry: 'r.example', repository: 'org/api', tags: ['sha-ccccccc'] }], primaryTag: 'sha-ccccccc', provenance } as unknown as PublishStep & {
  provenance: typeof provenance;
};

describe('attachProvenance', () => {
  it('a single image becomes an index of the image and one attestation manifest about it, stored in every target', async () => {
    const [a, b] = [memoryRegistry(), memoryRegistry()];
    const image = imageIn(a, 'amd64');
    const { index, attestations } = await attachProvenance({
      step,
      manifest: image,
      targets: [
        { repository: 'org/api', client: a.client },
        { repository: 'org/api', client: b.client },
      ],
      baseDigests: {},
      startedOn: new Date(0),
      redact: (t) => t.split('secret-value').join('***'),
    });
    const body = JSON.parse(index.bytes.toString()) as { mediaType: string; manifests: { digest: string; platform: { os: string }; annotations?: Record<string, string> }[] };
    expect(body.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(body.manifests.map((m) => m.platform.os)).toEqual(['linux', 'unknown']);
    expect(body.manifests[1]?.annotations).toEqual({ 'vnd.docker.reference.digest': image.digest, 'vnd.docker.reference.type': 'attestation-manifest' });
    expect(attestations).toEqual([{ platform: 'linux/amd64', subject: image.digest, digest: body.manifests[1]?.digest }]);
    for (const reg of [a, b]) {
      expect(reg.manifests.get(image.digest)?.digest).toBe(image.digest);
      const att = JSON.parse(reg.manifests.get(attestations[0]?.digest ?? '')?.bytes.toString() ?? '{}') as { layers: { digest: string; mediaType: string; annotations: Record<string, string> }[] };
      expect(att.layers[0]).toMatchObject({ mediaType: 'application/vnd.in-toto+json', annotations: { 'in-toto.io/predicate-type': 'https://slsa.dev/provenance/v1' } });
      const statement = JSON.parse(reg.blobs.get(att.layers[0]?.digest ?? '')?.toString() ?? '{}') as { subject: { digest: { sha256: string } }[] };
      expect(statement.subject[0]?.digest.sha256).toBe(image.digest.slice(7));
    }
  });

  it('an index of two platforms gets one attestation per image; an index that has attestations is kept as it is', async () => {
    const reg = memoryRegistry();
    const [amd, arm] = [imageIn(reg, 'amd64'), imageIn(reg, 'arm64')];
    const entries = [amd, arm].map((m, i) => ({ mediaType: m.mediaType, digest: m.digest, size: m.bytes.length, platform: { os: 'linux', architecture: i ? 'arm64' : 'amd64' } }));
    const bytes = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: entries }));
    const input = { step, targets: [{ repository: 'org/api', client: reg.client }], baseDigests: {}, startedOn: new Date(0), redact: (t: string) => t };
    const first = await attachProvenance({ ...input, manifest: { digest: sha256(bytes), mediaType: 'application/vnd.oci.image.index.v1+json', bytes } });
    expect(first.attestations.map((a) => [a.platform, a.subject])).toEqual([
      ['linux/amd64', amd.digest],
      ['linux/arm64', arm.digest],
    ]);
    const again = await attachProvenance({ ...input, manifest: first.index });
    expect(again.index.digest).toBe(first.index.digest);
    expect(again.attestations).toEqual(first.attestations);
    expect(attestationsIn(first.index)).toEqual(first.attestations);
    expect(attestationsIn(amd)).toEqual([]);
  });

  it('the run secrets are masked in the stored statement', async () => {
    const reg = memoryRegistry();
    const leaky = { ...step, provenance: { ...provenance, builderId: 'https://ci.example/secret-value' } };
    const { attestations } = await attachProvenance({
      step: leaky,
      manifest: imageIn(reg, 'amd64'),
      targets: [{ repository: 'org/api', client: reg.client }],
      baseDigests: {},
      startedOn: new Date(0),
      redact: (t) => t.split('secret-value').join('***'),
    });
    const att = JSON.parse(reg.manifests.get(attestations[0]?.digest ?? '')?.bytes.toString() ?? '{}') as { layers: { digest: string }[] };
    const text = reg.blobs.get(att.layers[0]?.digest ?? '')?.toString() ?? '';
    expect(text).toContain('https://ci.example/***');
    expect(text).not.toContain('secret-value');
  });
});

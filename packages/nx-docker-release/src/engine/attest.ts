import { createHash } from 'node:crypto';
import { provenanceStatement, SLSA_PROVENANCE, subjectName, type ProvenancePlan } from '../release/provenance';
import type { PublishStep } from '../release/types';
import { bufferSource } from './blob-source';
import type { Manifest, RegistryApi } from './registry-client';
import { indexOver, platformName, storeChildren, type IndexEntry } from './relay/image-index';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
const IN_TOTO = 'application/vnd.in-toto+json';
const INDEXES = ['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json'];

type Target = { repository: string; client: RegistryApi };

export interface Attestation {
  platform: string;
  /** The image manifest the statement is about (its subject). */
  subject: string;
  /** The attestation manifest in the index. */
  digest: string;
}

export interface AttachInput {
  step: PublishStep & { provenance: ProvenancePlan };
  manifest: Manifest;
  targets: Target[];
  baseDigests: Readonly<Record<string, string>>;
  startedOn: Date;
  /** Applied to each statement before it is stored: the run's secret values never reach a registry. */
  redact: (text: string) => string;
}

/**
 * Adds one SLSA provenance statement per platform image, in the layout buildx writes: an
 * attestation manifest (platform unknown/unknown, its layer the in-toto statement) next to each
 * image in the index, annotated with the image's digest. A single image becomes an index of two.
 * An index that already holds attestation manifests (BuildKit's own, from an engine that makes
 * them) is kept as it is. Everything goes to every target before the index is returned for tagging.
 */
export async function attachProvenance(input: AttachInput): Promise<{ index: Manifest; attestations: Attestation[] }> {
  const { step, manifest, targets } = input;
  const isIndex = INDEXES.includes(manifest.mediaType);
  const [first] = targets;
  if (!first) throw new Error('attachProvenance: no target');
  const entries: IndexEntry[] = isIndex
    ? (JSON.parse(manifest.bytes.toString('utf8')) as { manifests: IndexEntry[] }).manifests
    : await storeChildren([manifest], targets, (digest) => first.client.getBlob(first.repository, digest));
  const held = attestationsOf(entries);
  if (held.length) return { index: manifest, attestations: held };
  const images = entries.filter((e) => e.platform.os !== 'unknown');
  const finishedOn = new Date();
  const attestations: Attestation[] = [];
  const added: IndexEntry[] = [];
  for (const image of images) {
    const platform = platformName(image.platform);
    const statement = provenanceStatement(step.provenance, { name: subjectName(step.targets[0]?.image ?? '', step.primaryTag, platform), digest: image.digest }, input.baseDigests, {
      startedOn: input.startedOn,
      finishedOn,
    });
    const manifestOfStatement = await storeStatement(Buffer.from(input.redact(JSON.stringify(statement))), targets);
    added.push({
      mediaType: OCI_MANIFEST,
      digest: manifestOfStatement.digest,
      size: manifestOfStatement.bytes.length,
      platform: { architecture: 'unknown', os: 'unknown' },
      annotations: { 'vnd.docker.reference.digest': image.digest, 'vnd.docker.reference.type': 'attestation-manifest' },
    });
    attestations.push({ platform, subject: image.digest, digest: manifestOfStatement.digest });
  }
  return { index: indexOver([...entries, ...added], step), attestations };
}

/** The attestation manifests an index holds, each with the platform of the image it is about. */
export function attestationsIn(manifest: Manifest): Attestation[] {
  if (!INDEXES.includes(manifest.mediaType)) return [];
  return attestationsOf((JSON.parse(manifest.bytes.toString('utf8')) as { manifests?: IndexEntry[] }).manifests ?? []);
}

function attestationsOf(entries: readonly IndexEntry[]): Attestation[] {
  return entries
    .filter((e) => e.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest')
    .map((e) => {
      const subject = e.annotations?.['vnd.docker.reference.digest'] ?? '';
      const image = entries.find((i) => i.digest === subject);
      return { platform: image ? platformName(image.platform) : 'unknown', subject, digest: e.digest };
    });
}

/** The statement as a one-layer OCI manifest (buildx's attestation manifest), stored by digest in every target. */
async function storeStatement(statement: Buffer, targets: Target[]): Promise<Manifest> {
  const layer = { mediaType: IN_TOTO, digest: sha256(statement), size: statement.length, annotations: { 'in-toto.io/predicate-type': SLSA_PROVENANCE } };
  const config = Buffer.from(JSON.stringify({ architecture: 'unknown', os: 'unknown', config: {}, rootfs: { type: 'layers', diff_ids: [layer.digest] } }));
  const configDescriptor = { mediaType: OCI_CONFIG, digest: sha256(config), size: config.length };
  const bytes = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: configDescriptor, layers: [layer] }));
  const manifest: Manifest = { digest: sha256(bytes), mediaType: OCI_MANIFEST, bytes };
  for (const { client, repository } of targets) {
    for (const [digest, blob] of [
      [layer.digest, statement],
      [configDescriptor.digest, config],
    ] as const) {
      if (!(await client.hasBlob(repository, digest))) await client.uploadBlob(repository, digest, bufferSource(blob));
    }
    await client.putManifest(repository, manifest.digest, manifest);
  }
  return manifest;
}

function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

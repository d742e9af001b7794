import type { Logger } from '../log/redacting-logger';
import { CONTENT_KEY_LABEL, type PublishStep, type PublishTarget } from '../release/types';
import type { TagOutcome } from '../release/result';
import { throwIfCancelled } from './cancellation';
import { readSavedImage } from './oci-layout';
import { RegistryAuthError, type Manifest, type RegistryApi } from './registry-client';
import { prepareImage, uploadPrepared, type UploadStats } from './upload-image';
import type { UploadProgress } from './upload-progress';

export type ClientFactory = (registry: string) => RegistryApi;

/** Finds an image to reuse: the commit's own immutable tag, then (skipUnchanged) any planned tag. */
export async function findReusable(step: PublishStep, clients: ClientFactory): Promise<{ manifest: Manifest; ref: string; source: 'promoted' | 'unchanged'; labels: Record<string, string> } | null> {
  if (!step.contentKey || !step.promote) return null;
  const [first] = step.targets;
  if (!first) return null;
  const client = clients(first.registry);
  const promotable = [step.primaryTag, ...(step.promoteCandidates ?? [])];
  const candidates = step.skipUnchanged ? [...promotable, ...first.tags.filter((t) => !promotable.includes(t))] : promotable;
  for (const tag of candidates) {
    const manifest = await client.getManifest(first.repository, tag);
    const labels = manifest ? await labelsWithKey(client, first.repository, manifest, step.contentKey) : null;
    if (!manifest || !labels) continue;
    // Every other image must hold the same manifest already; otherwise build and upload.
    const elsewhere = await Promise.all(step.targets.slice(1).map(async (t) => (await clients(t.registry).getManifest(t.repository, manifest.digest)) !== null));
    if (elsewhere.every(Boolean)) return { manifest, ref: `${first.image}:${tag}`, source: promotable.includes(tag) ? 'promoted' : 'unchanged', labels };
  }
  return null;
}

/** The image's labels when it carries this content key (the labels it really holds, reported on promotion), else null. */
async function labelsWithKey(client: RegistryApi, repo: string, manifest: Manifest, key: string): Promise<Record<string, string> | null> {
  let body = JSON.parse(manifest.bytes.toString('utf8')) as { config?: { digest: string }; manifests?: { digest: string; platform?: { os?: string } }[] };
  if (body.manifests) {
    // An index this plugin wrote: every platform's image carries the same key; read the first image's.
    const image = body.manifests.find((m) => m.platform?.os !== 'unknown');
    const child = image && (await client.getManifest(repo, image.digest));
    if (!child) return null;
    body = JSON.parse(child.bytes.toString('utf8')) as typeof body;
  }
  if (!body.config) return null;
  const bytes = await client.getBlob(repo, body.config.digest);
  try {
    const config = JSON.parse(bytes.toString('utf8')) as { config?: { Labels?: Record<string, string> } };
    const labels = config.config?.Labels ?? {};
    return labels[CONTENT_KEY_LABEL] === key ? labels : null;
  } catch {
    return null; // a config that is not JSON is not one this plugin wrote: build anew rather than stop
  }
}

/**
 * Uploads the saved image (an archive file) to every target, blobs only when missing, and returns
 * its manifest. Layers are compressed once into `scratch`, whatever the number of targets.
 */
export async function uploadSaved(step: PublishStep, archive: string, scratch: string, clients: ClientFactory, stats: UploadStats, progress?: UploadProgress): Promise<Manifest> {
  const image = await prepareImage(readSavedImage(archive), scratch, step.annotations);
  for (const target of step.targets) await uploadPrepared(clients(target.registry), target.repository, image, stats, progress);
  return image.manifest;
}

/**
 * Points every tag at the manifest; each tag gets its own outcome, auth failures stop the run.
 * The immutable reference goes first, so a partial failure never leaves tags without it; the
 * other tags are independent and go in parallel.
 */
export async function applyTags(step: PublishStep, manifest: Manifest, clients: ClientFactory, log: Logger, reusedFrom?: string): Promise<TagOutcome[]> {
  const outcomes: TagOutcome[] = [];
  for (const target of step.targets) {
    const client = clients(target.registry);
    const one = (tag: string): Promise<TagOutcome> =>
      // The tag the image was just found under needs no second look-up.
      `${target.image}:${tag}` === reusedFrom ? Promise.resolve({ tag: reusedFrom, status: 'already-present' }) : applyTag(client, step, target, tag, manifest, log);
    const rest = target.tags.filter((t) => t !== step.primaryTag);
    if (target.tags.includes(step.primaryTag)) {
      const primary = await one(step.primaryTag);
      outcomes.push(primary);
      // Without the immutable reference, no other tag may point at the image: a rerun repairs both.
      if (primary.status === 'failed') {
        outcomes.push(...rest.map((tag) => ({ tag: `${target.image}:${tag}`, status: 'failed' as const, reason: `not put: ${primary.tag} failed first` })));
        continue;
      }
    }
    outcomes.push(...(await Promise.all(rest.map(one))));
  }
  return outcomes;
}

async function applyTag(client: RegistryApi, step: PublishStep, target: PublishTarget, tag: string, manifest: Manifest, log: Logger): Promise<TagOutcome> {
  const ref = `${target.image}:${tag}`;
  throwIfCancelled();
  try {
    const current = await client.getManifest(target.repository, tag);
    if (current?.digest === manifest.digest) return { tag: ref, status: 'already-present' };
    if (current && step.immutableTags && /^v?\d+(\.\d+){0,2}([-+].*)?$/.test(tag)) {
      return { tag: ref, status: 'failed', reason: `immutable: ${tag} already points at ${current.digest}` };
    }
    await client.putManifest(target.repository, tag, manifest);
    return { tag: ref, status: 'pushed' };
  } catch (err) {
    if (err instanceof RegistryAuthError) throw err;
    return { tag: ref, status: 'failed', reason: log.redact((err as Error).message) };
  }
}

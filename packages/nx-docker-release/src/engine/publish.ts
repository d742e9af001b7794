import type { Logger } from '../log/redacting-logger';
import { ReleaseError } from '../release/release-error';
import { commitOf, CREATED_LABEL, floatingTagMove, isFloatingTag, isVersionTag, movedByAnotherRun, REVISION_LABEL } from '../release/tag-order';
import { CONTENT_KEY_LABEL, type PublishStep, type PublishTarget } from '../release/types';
import type { TagOutcome } from '../release/result';
import { throwIfCancelled } from './cancellation';
import type { CommitRelationOf } from './commit-relation';
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
  const labels = await imageLabels(client, repo, manifest);
  return labels?.[CONTENT_KEY_LABEL] === key ? labels : null;
}

/** The labels of an image's config (an index: of its first image), or null when it has no config this plugin can read. */
async function imageLabels(client: RegistryApi, repo: string, manifest: Manifest): Promise<Record<string, string> | null> {
  let body = JSON.parse(manifest.bytes.toString('utf8')) as { config?: { digest: string }; manifests?: { digest: string; platform?: { os?: string } }[] };
  if (body.manifests) {
    // An index this plugin wrote: every platform's image carries the same labels; read the first image's.
    const image = body.manifests.find((m) => m.platform?.os !== 'unknown');
    const child = image && (await client.getManifest(repo, image.digest));
    if (!child) return null;
    body = JSON.parse(child.bytes.toString('utf8')) as typeof body;
  }
  if (!body.config) return null;
  const bytes = await client.getBlob(repo, body.config.digest);
  try {
    const config = JSON.parse(bytes.toString('utf8')) as { config?: { Labels?: Record<string, string> } };
    return config.config?.Labels ?? {};
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

/** This run's commit, its creation time and git's view of other commits: what keeps floating tags from going back. */
export interface TagOrder {
  sha: string;
  created?: string;
  relation: CommitRelationOf;
}

export interface TagContext {
  log: Logger;
  /** The tag the image was just found under (promotion): it needs no second look-up. */
  reusedFrom?: string;
  order?: TagOrder;
}

/** What tagging did: the image every tag now names (this run's, or the one another run of this commit put first) and each tag's outcome. */
export interface Tagged {
  manifest: Manifest;
  outcomes: TagOutcome[];
  /** Another run of this commit was first: its image (same content key) under this reference was adopted. */
  adopted?: { ref: string; labels: Record<string, string> };
}

/**
 * Points every tag at one image; each tag gets its own outcome, auth failures stop the run.
 *
 * Two runs of one commit meet here. An image of this commit with the same content key already
 * under the immutable reference (or, with immutableTags, a version tag) is adopted instead of
 * this run's, and the immutable reference is read back after its PUT and adopted then if another
 * run's PUT won. Only then go the other tags, in parallel; floating tags never move to an older
 * commit's image; every tag is read back at the end and one that holds another image fails
 * `moved-by-another-run`. A failed immutable reference puts no other tag: a rerun repairs both.
 */
export async function applyTags(step: PublishStep, manifest: Manifest, clients: ClientFactory, ctx: TagContext): Promise<Tagged> {
  let adopted = await adoptEarlier(step, manifest, clients);
  let image = adopted?.manifest ?? manifest;
  if (adopted) ctx.log.info(`adopt: ${adopted.ref} already holds ${image.digest}, an image of this commit with the same content key (another run was first); every tag names it`);
  const outcomes: TagOutcome[] = [];
  for (const [index, target] of step.targets.entries()) {
    const client = clients(target.registry);
    // The tag the image was found under (promoted or adopted) holds it already: no second look-up.
    const one = (tag: string): Promise<TagOutcome> =>
      (adopted ? adopted.ref : ctx.reusedFrom) === `${target.image}:${tag}`
        ? Promise.resolve({ tag: `${target.image}:${tag}`, status: 'already-present' })
        : applyTag(client, step, target, tag, image, ctx);
    const rest = target.tags.filter((t) => t !== step.primaryTag);
    const mine: TagOutcome[] = [];
    if (target.tags.includes(step.primaryTag)) {
      let primary = await one(step.primaryTag);
      if (primary.status !== 'failed') {
        const now = await readTag(client, target.repository, step.primaryTag);
        const other = now && now.digest !== image.digest && index === 0 && step.promote ? await adoptable(step, now, clients, `${target.image}:${step.primaryTag}`) : null;
        if (other) {
          ctx.log.info(`adopt: another run of this commit put ${other.ref} at ${now?.digest} after this run's PUT; every tag names its image`);
          [adopted, image] = [other, other.manifest];
        } else if (now?.digest !== image.digest) primary = { tag: primary.tag, status: 'failed', reason: movedByAnotherRun(primary.tag, now?.digest ?? 'nothing') };
      }
      mine.push(primary);
      // Without the immutable reference, no other tag may point at the image: a rerun repairs both.
      if (primary.status === 'failed') {
        outcomes.push(...mine, ...rest.map((tag) => ({ tag: `${target.image}:${tag}`, status: 'failed' as const, reason: `not put: ${primary.tag} failed first` })));
        continue;
      }
    }
    mine.push(...(await Promise.all(rest.map(one))));
    outcomes.push(...(await readBack(client, step, target, mine, image, ctx)));
  }
  return { manifest: image, outcomes, ...(adopted ? { adopted: { ref: adopted.ref, labels: adopted.labels } } : {}) };
}

type Adoptable = { manifest: Manifest; ref: string; labels: Record<string, string> };

/** Before any PUT: the image another run of this commit already put under a tag that must not move. */
async function adoptEarlier(step: PublishStep, manifest: Manifest, clients: ClientFactory): Promise<Adoptable | null> {
  const [first] = step.targets;
  // promote: false asks for this run's build: it is not traded for another's (the read-back still guards it).
  if (!first || !step.contentKey || !step.promote) return null;
  const client = clients(first.registry);
  // An immutable version tag outranks the commit's reference: moving it is what immutableTags refuses.
  const guarded = [...(step.immutableTags ? first.tags.filter((t) => t !== step.primaryTag && isVersionTag(t)) : []), ...(first.tags.includes(step.primaryTag) ? [step.primaryTag] : [])];
  for (const tag of guarded) {
    const held = await readTag(client, first.repository, tag);
    if (!held || held.digest === manifest.digest) continue;
    const found = await adoptable(step, held, clients, `${first.image}:${tag}`);
    if (found) return found;
  }
  return null;
}

/** An image with this run's content key that every target holds: one to name instead of this run's. */
async function adoptable(step: PublishStep, held: Manifest, clients: ClientFactory, ref: string): Promise<Adoptable | null> {
  const [first] = step.targets;
  if (!first || !step.contentKey) return null;
  const labels = await labelsWithKey(clients(first.registry), first.repository, held, step.contentKey);
  if (!labels) return null;
  const elsewhere = await Promise.all(step.targets.slice(1).map(async (t) => (await clients(t.registry).getManifest(t.repository, held.digest)) !== null));
  return elsewhere.every(Boolean) ? { manifest: held, ref, labels } : null;
}

async function readTag(client: RegistryApi, repository: string, tag: string): Promise<Manifest | null> {
  throwIfCancelled();
  return client.getManifest(repository, tag);
}

/**
 * Each tag this run put or found is read again: one that names another image now fails, naming
 * it. A floating tag another run took back to an older commit's image is put once more.
 */
async function readBack(client: RegistryApi, step: PublishStep, target: PublishTarget, outcomes: TagOutcome[], image: Manifest, ctx: TagContext): Promise<TagOutcome[]> {
  return Promise.all(
    outcomes.map(async (o) => {
      if (o.status !== 'pushed' && o.status !== 'already-present') return o;
      const tag = o.tag.slice(target.image.length + 1);
      try {
        let now = await client.getManifest(target.repository, tag);
        if (now && now.digest !== image.digest && ctx.order && isFloatingTag(tag, step.primaryTag, ctx.order.sha) && !(await newerHolder(client, target.repository, tag, now, ctx.order))) {
          throwIfCancelled();
          await client.putManifest(target.repository, tag, image);
          now = await client.getManifest(target.repository, tag);
        }
        return now?.digest === image.digest ? o : { tag: o.tag, status: 'failed' as const, reason: movedByAnotherRun(o.tag, now?.digest ?? 'nothing') };
      } catch (err) {
        if (err instanceof RegistryAuthError || err instanceof ReleaseError) throw err;
        return { tag: o.tag, status: 'failed' as const, reason: `not read back: ${ctx.log.redact((err as Error).message)}` };
      }
    }),
  );
}

async function applyTag(client: RegistryApi, step: PublishStep, target: PublishTarget, tag: string, manifest: Manifest, ctx: TagContext): Promise<TagOutcome> {
  const ref = `${target.image}:${tag}`;
  throwIfCancelled();
  try {
    const current = await client.getManifest(target.repository, tag);
    if (current?.digest === manifest.digest) return { tag: ref, status: 'already-present' };
    if (current && step.immutableTags && isVersionTag(tag)) {
      return { tag: ref, status: 'failed', reason: `immutable: ${tag} already points at ${current.digest}` };
    }
    if (current && ctx.order && !step.rewindFloatingTags && isFloatingTag(tag, step.primaryTag, ctx.order.sha)) {
      const kept = await newerHolder(client, target.repository, tag, current, ctx.order);
      if (kept) return { tag: ref, status: 'skipped', reason: kept };
    }
    throwIfCancelled();
    await client.putManifest(target.repository, tag, manifest);
    return { tag: ref, status: 'pushed' };
  } catch (err) {
    if (err instanceof RegistryAuthError || err instanceof ReleaseError) throw err;
    return { tag: ref, status: 'failed', reason: ctx.log.redact((err as Error).message) };
  }
}

/** Why a floating tag stays where it is (it names a later commit's image), or undefined to move it. */
async function newerHolder(client: RegistryApi, repository: string, tag: string, current: Manifest, order: TagOrder): Promise<string | undefined> {
  const labels = (await imageLabels(client, repository, current)) ?? {};
  const theirs = { revision: labels[REVISION_LABEL], created: labels[CREATED_LABEL] };
  const commit = commitOf(theirs.revision);
  const relation = commit ? await order.relation(order.sha, commit) : 'unknown';
  const decision = floatingTagMove(tag, { revision: order.sha, created: order.created }, theirs, relation);
  return decision.move ? undefined : decision.reason;
}

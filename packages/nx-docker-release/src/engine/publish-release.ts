import { join, resolve } from 'node:path';
import type { Logger } from '../log/redacting-logger';
import { keyValueRecord } from '../metadata';
import { ReleaseError } from '../release/release-error';
import { CREATED_LABEL } from '../release/tag-order';
import type { AppliedRelease } from '../release/result';
import type { BuildStep, PublishStep, ReleasePlan, SaveStep } from '../release/types';
import { runBuild, stepsOf, type ApplySession } from './apply-session';
import { attachProvenance, attestationsIn, type Attestation } from './attest';
import { buildDockerConfig } from './build-docker-config';
import { renameLocalImage } from './local-image';
import { mergePlatformDigests, writePlatformDigests } from './platform-digests';
import { applyTags, findReusable, uploadSaved, type ClientFactory, type TagContext, type Tagged } from './publish';
import { gitCommitRelation } from './commit-relation';
import type { Manifest } from './registry-client';
import { loginCredentials } from './registry-clients';
import { BlobLedger } from './relay/blob-ledger';
import { buildThroughRelay } from './relay/build-through-relay';
import { platformName, type IndexEntry } from './relay/image-index';
import { lastLine } from './runner';

type Blobs = NonNullable<AppliedRelease['blobs']>;
type Reused = NonNullable<Awaited<ReturnType<typeof findReusable>>>;

/** An image this run made: in every target registry, untagged yet (or, for a split platform run, its platform images). */
type Built = { kind: 'image'; manifest: Manifest; blobs: Blobs; renamed?: Promise<void> } | { kind: 'by-digest'; entries: IndexEntry[]; blobs: Blobs; renamed: Promise<void> };

/**
 * pushMode "registry", in the order it runs: reuse an image with the same content key (promotion),
 * else make one (a build BuildKit pushes through the relay; a build loaded, saved and uploaded;
 * for a merge run the index over its platform runs), attach provenance, then put every tag over
 * the registry API. A platform run of a split release stops after its build, untagged.
 */
export async function publishOverRegistry(plan: ReleasePlan, step: PublishStep, clients: ClientFactory, s: ApplySession): Promise<AppliedRelease> {
  const builder = stepsOf(plan, 'build')[0]?.builder ?? 'buildx';
  const reused = await findReusable(step, clients);
  if (reused) return tagReused(plan, step, reused, clients, s, builder);
  const buildStart = Date.now();
  const built = await makeImage(plan, step, clients, s);
  const buildMs = Date.now() - buildStart;
  if (built.kind === 'by-digest') {
    s.log.info(`steps: build ${buildMs} ms`);
    return publishedByDigest(plan, step, built, s, builder);
  }
  s.progress.summary();
  const copied = 'copied' in built.blobs && built.blobs.copied ? `, ${built.blobs.copied} mounted or copied from a base image` : '';
  s.log.info(`image ${built.manifest.digest}: ${built.blobs.uploaded} blob(s) uploaded, ${built.blobs.alreadyPresent} already in the registry${copied}`);
  const tagStart = Date.now();
  const attested = step.provenance ? await attest(step, built.manifest, clients, s) : { index: built.manifest, attestations: [] };
  const tagged = await applyTags(step, attested.index, clients, tagContext(plan, s));
  await built.renamed;
  s.log.info(`steps: ${step.split === 'merge' ? 'merge' : 'build'} ${buildMs} ms, publish ${Date.now() - tagStart} ms`);
  const made: AppliedRelease = {
    builder,
    source: step.split === 'merge' ? 'merged' : 'uploaded',
    digest: attested.index.digest,
    tags: tagged.outcomes,
    blobs: built.blobs,
    ...(attested.attestations.length ? { attestations: attested.attestations } : {}),
  };
  return tagged.adopted ? adoptedRelease(made, tagged, tagged.adopted) : made;
}

/**
 * Another run of this commit was first: its image (same content key) is the release, and the
 * result says so. The image this run built stays untagged.
 */
function adoptedRelease(made: AppliedRelease, tagged: Tagged, adopted: NonNullable<Tagged['adopted']>): AppliedRelease {
  const attestations = attestationsIn(tagged.manifest);
  return {
    builder: made.builder,
    source: 'promoted',
    reusedFrom: adopted.ref,
    labels: adopted.labels,
    digest: tagged.manifest.digest,
    tags: tagged.outcomes,
    blobs: made.blobs,
    ...(attestations.length ? { attestations } : {}),
    warnings: [`another run of this commit published ${adopted.ref} (${tagged.manifest.digest}) first; its image is the release, this run's build (${made.digest}) is left untagged`],
  };
}

/** What tagging needs to know of the run: its commit and creation time, and git's order of commits. */
function tagContext(plan: ReleasePlan, s: ApplySession, reusedFrom?: string): TagContext {
  const created = keyValueRecord(plan.labels)[CREATED_LABEL];
  return {
    log: s.log,
    ...(reusedFrom ? { reusedFrom } : {}),
    ...(plan.sha ? { order: { sha: plan.sha, ...(created ? { created } : {}), relation: gitCommitRelation(s.run, s.cwd, s.childEnv) } } : {}),
  };
}

/** Same content key: the tags go onto the image found; the labels reported are the ones it holds. */
async function tagReused(plan: ReleasePlan, step: PublishStep, reused: Reused, clients: ClientFactory, s: ApplySession, builder: AppliedRelease['builder']): Promise<AppliedRelease> {
  warnOfOtherLabels(plan, reused, s.log);
  s.log.info(`${reused.source === 'promoted' ? 'promote' : 'unchanged'}: ${reused.ref} (${reused.manifest.digest}) has the same content key; adding tags without building or uploading`);
  const tagged = await applyTags(step, reused.manifest, clients, tagContext(plan, s, reused.ref));
  const adopted = tagged.adopted;
  // A reused index keeps the attestations it was published with: report those.
  const attestations = attestationsIn(tagged.manifest);
  return {
    builder,
    source: adopted ? 'promoted' : reused.source,
    reusedFrom: adopted?.ref ?? reused.ref,
    labels: adopted?.labels ?? reused.labels,
    digest: tagged.manifest.digest,
    tags: tagged.outcomes,
    blobs: { uploaded: 0, alreadyPresent: 0 },
    ...(attestations.length ? { attestations } : {}),
  };
}

function warnOfOtherLabels(plan: ReleasePlan, reused: Reused, log: Logger): void {
  const differ = Object.entries(keyValueRecord(plan.labels)).filter(([k, v]) => k !== 'org.opencontainers.image.created' && reused.labels[k] !== v);
  // Same digest, same config: the tags name the release, the labels name the build reused.
  if (differ.length)
    log.warn(
      `promotion keeps the labels of ${reused.ref}: ${differ.map(([k]) => `${k}=${reused.labels[k] ?? '(none)'}`).join(', ')} (this run computed ${differ.map(([k, v]) => `${k}=${v}`).join(', ')}); the result reports what the image holds`,
    );
}

/** The image of this run, in every target registry: merged, relayed, or loaded, saved and uploaded. */
async function makeImage(plan: ReleasePlan, step: PublishStep, clients: ClientFactory, s: ApplySession): Promise<Built> {
  if (step.split === 'merge') {
    const targets = step.targets.map((t) => ({ repository: t.repository, client: clients(t.registry) }));
    const merged = await mergePlatformDigests(step, plan.project, plan.sha, s.cwd, targets);
    s.log.info(`merge: one index over ${merged.platforms.join(', ')} from ${step.digestsDir}`);
    return { kind: 'image', manifest: merged.manifest, blobs: { uploaded: 0, alreadyPresent: 0 } };
  }
  if (step.via === 'save') {
    const [build] = stepsOf(plan, 'build');
    const [save] = stepsOf(plan, 'save');
    if (!build || !save) throw new Error('a publish via save without a build and a save step in the plan');
    return loadSaveUpload(build, save, step, clients, s);
  }
  // Every build of the plan (one per platform) goes through one relay.
  const logins = loginCredentials(step, s.env, s.log);
  const ledger = new BlobLedger();
  const relayed = await buildThroughRelay(stepsOf(plan, 'build'), step, { ...s, env: s.childEnv, clients, logins, ledger });
  if (ledger.unusable) s.log.warn(`blob ledger: ${ledger.unusable} (layers are not shared with other releases on this machine)`);
  if (relayed.kind === 'pushed') return { kind: 'image', manifest: relayed.manifest, blobs: relayed.stats, renamed: renameRelayed(relayed.localNames, step, s) };
  if (relayed.kind === 'by-digest') return { kind: 'by-digest', entries: relayed.entries, blobs: relayed.stats, renamed: renameRelayed(relayed.localNames, step, s) };
  // The engine cannot reach this machine's loopback: load, save and upload instead.
  s.log.warn('the docker engine could not reach the relay on 127.0.0.1 (an engine in a VM or on another host); building with --load and uploading the saved image');
  if (!step.fallback || step.platforms) throw new ReleaseError('the docker engine could not reach the relay on 127.0.0.1, and several platforms cannot be loaded and saved; use pushMode "docker"');
  return loadSaveUpload(step.fallback.build, step.fallback.save, step, clients, s);
}

async function loadSaveUpload(build: BuildStep, save: SaveStep, step: PublishStep, clients: ClientFactory, s: ApplySession): Promise<Built> {
  // The engine reads private base images and caches with the release's logins, as on the relay path.
  const config = buildDockerConfig(s.childEnv, s.scratch, loginCredentials(step, s.env, s.log), 'load-docker-config');
  await runBuild(build, { ...s, childEnv: { ...s.childEnv, DOCKER_CONFIG: config } });
  const archive = join(s.scratch, 'image.tar');
  const res = await s.run(s.docker, save.argv, { env: s.childEnv, cwd: s.cwd, stdoutFile: archive });
  if (res.exitCode !== 0) throw new ReleaseError(`docker save failed: ${s.log.redact(lastLine(res.stderr))}`);
  const blobs = { uploaded: 0, alreadyPresent: 0 };
  const manifest = await uploadSaved(step, archive, s.scratch, clients, blobs, s.progress);
  return { kind: 'image', manifest, blobs };
}

/** A platform run of a split release: its images are in the registry by digest; digest files name them for the merge run. */
async function publishedByDigest(plan: ReleasePlan, step: PublishStep, built: Extract<Built, { kind: 'by-digest' }>, s: ApplySession, builder: AppliedRelease['builder']): Promise<AppliedRelease> {
  const [first] = step.targets;
  const digestFiles = writePlatformDigests(resolve(s.cwd, step.digestsDir ?? ''), built.entries, { project: plan.project, sha: plan.sha, image: first.image });
  for (const e of built.entries) s.log.info(`published by digest: ${first.image}@${e.digest} (${platformName(e.platform)})`);
  await built.renamed;
  const platformDigests = built.entries.map((e) => ({ platform: platformName(e.platform), digest: e.digest }));
  return { builder, source: 'by-digest', digest: '', tags: [], blobs: built.blobs, platformDigests, digestFiles };
}

async function attest(step: PublishStep, manifest: Manifest, clients: ClientFactory, s: ApplySession): Promise<{ index: Manifest; attestations: Attestation[] }> {
  const provenance = step.provenance;
  if (!provenance) return { index: manifest, attestations: [] };
  const targets = step.targets.map((t) => ({ repository: t.repository, client: clients(t.registry) }));
  const attached = await attachProvenance({ step: { ...step, provenance }, manifest, targets, baseDigests: step.baseDigests ?? {}, startedOn: s.startedOn, redact: s.log.redact });
  s.log.info(`provenance: ${attached.attestations.map((a) => `${a.platform} ${a.subject.slice(0, 19)}… attested by ${a.digest.slice(0, 19)}…`).join(', ')} (SLSA v1, ${provenance.mode})`);
  return attached;
}

/**
 * The engine holds the build under the relay's throw-away name; give it the release's name, as
 * a loaded build had, and drop the other (in the background: tags go on meanwhile).
 */
async function renameRelayed(relayNames: string[], step: PublishStep, s: ApplySession): Promise<void> {
  const [first] = step.targets;
  // Several platforms: the engine holds one image per platform; none of them is "the" image.
  const to = step.platforms ? undefined : `${first.image}:${step.primaryTag}`;
  for (const from of relayNames) await renameLocalImage(from, to, { ...s, env: s.childEnv });
}

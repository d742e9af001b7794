import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from '../log/redacting-logger';
import { fillPlaceholders, loginArgv, secretEnvNames } from '../release/commands';
import { ReleaseError } from '../release/release-error';
import type { TagOutcome } from '../release/result';
import { type BuildStep, type LoginStep, type PlanStep, type PublishStep, type ReleasePlan, type SignStep } from '../release/types';
import { attachProvenance, attestationsIn, type Attestation } from './attest';
import { baseImageDigests } from './base-digests';
import { signImages, type SignOutcome } from './sign';
import { createTempDockerConfig } from './docker-config';
import { applyTags, findReusable, uploadSaved, type PublishOutcome } from './publish';
import { UploadProgress } from './upload-progress';
import { BlobLedger } from './relay/blob-ledger';
import { RegistryAuthError, type Manifest, type RegistryClient } from './registry-client';
import { TransientError } from './retry';
import { lastLine, type Runner } from './runner';
import { dockerConfigCredentials } from './docker-credentials';
import { renameLocalImage } from './local-image';
import { loggedRegistryClient } from './registry-clients';
import { mergePlatformDigests, writePlatformDigests } from './platform-digests';
import { buildThroughRelay } from './relay/build-through-relay';
import { platformName } from './relay/image-index';
import type { RelayStats } from './relay/blob-relay';

export interface ApplyResult {
  builder: 'buildx' | 'classic';
  digest: string;
  tags: TagOutcome[];
  /** uploaded: built now; promoted/unchanged: an existing image got the tags, nothing was built. */
  source: PublishOutcome['source'] | 'docker-push' | 'build-only' | 'by-digest' | 'merged';
  /** A platform run of a split release: what it published, untagged, and the files naming it. */
  platformDigests?: { platform: string; digest: string }[];
  digestFiles?: string[];
  reusedFrom?: string;
  blobs?: { uploaded: number; alreadyPresent: number; copied?: number };
  /** A reused image keeps its own config: the labels it really carries. */
  labels?: Record<string, string>;
  /** Provenance attached to the pushed index (one attestation manifest per platform image). */
  attestations?: Attestation[];
  signatures?: SignOutcome[];
}

export interface ApplyDeps {
  run: Runner;
  docker: string;
  env: Record<string, string | undefined>;
  log: Logger;
  cwd: string;
}

/** Executes a plan's steps in order. A private temp dir holds any login and the scratch files. */
export async function applyPlan(plan: ReleasePlan, deps: ApplyDeps): Promise<ApplyResult> {
  const { run, docker, log, cwd } = deps;
  const temp = createTempDockerConfig(deps.env);
  const logins = plan.steps.filter((s): s is LoginStep => s.kind === 'login');
  const publish = plan.steps.find((s): s is PublishStep => s.kind === 'publish');
  const signing = plan.steps.find((s): s is SignStep => s.kind === 'sign');
  // Children never see a password variable: docker login reads stdin, the registry API is in-process;
  // the signing key and its password go to cosign alone.
  const baseEnv: Record<string, string | undefined> = { ...deps.env };
  for (const { passwordEnv } of [...logins, ...(publish?.credentials ?? [])]) delete baseEnv[passwordEnv];
  for (const name of [signing?.keyEnv, signing?.passwordEnv]) if (name) delete baseEnv[name];
  const startedOn = new Date();
  const auths = new Map<string, { username: string; password: string }>();
  if (logins.length) baseEnv.DOCKER_CONFIG = temp.dir;
  const initial: ApplyResult['source'] = publish?.split === 'platforms' ? 'by-digest' : publish?.split === 'merge' ? 'merged' : publish ? 'uploaded' : plan.push ? 'docker-push' : 'build-only';
  const result: ApplyResult = { builder: 'buildx', digest: '', tags: [], source: initial };
  const onLine = (line: string): void => log.info(`  ${line}`);
  // BuildKit secret values: a build step that echoes one must not print it (nor must an error).
  for (const name of secretEnvNames(plan)) log.addSecret(deps.env[name]);
  const tmp = (argv: string[]): string[] => fillPlaceholders(argv, { tmp: temp.dir });
  const progress = UploadProgress.for((line) => log.info(line), deps.env, process.stdout.isTTY === true);
  try {
    const clients = publish ? await clientFactory(publish, deps, baseEnv, auths) : undefined;
    let reused: { manifest: Manifest; ref: string; source: 'promoted' | 'unchanged'; labels: Record<string, string> } | null = null;
    if (publish && clients) {
      reused = await findReusable(publish, clients);
      if (reused) {
        result.source = reused.source;
        result.reusedFrom = reused.ref;
        result.labels = reused.labels;
        const differ = plan.labels
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)])
          .filter(([k, v]) => k !== undefined && k !== 'org.opencontainers.image.created' && reused?.labels[k] !== v);
        // Same digest, same config: the tags name the release, the labels name the build reused.
        if (differ.length)
          log.warn(
            `promotion keeps the labels of ${reused.ref}: ${differ.map(([k]) => `${k}=${reused?.labels[k ?? ''] ?? '(none)'}`).join(', ')} (this run computed ${differ.map(([k, v]) => `${k}=${v}`).join(', ')}); the result reports what the image holds`,
          );
        log.info(`${reused.source === 'promoted' ? 'promote' : 'unchanged'}: ${reused.ref} (${reused.manifest.digest}) has the same content key; adding tags without building or uploading`);
      }
    }
    const blobs = { uploaded: 0, alreadyPresent: 0 };
    let manifest: Manifest | undefined = reused?.manifest;
    let saved: string | undefined;
    let relayStats: RelayStats | undefined;
    let localName: Promise<void> | undefined;
    let relayDone = false;
    const timings: string[] = [];
    for (const step of plan.steps) {
      const stepStart = Date.now();
      await applyStep(step);
      timings.push(`${step.kind} ${Date.now() - stepStart} ms`);
    }
    if (!reused) log.info(`steps: ${timings.join(', ')}`);
    async function applyStep(step: PlanStep): Promise<void> {
      if (step.kind === 'login') {
        const password = deps.env[step.passwordEnv] ?? '';
        log.addSecret(password);
        log.info(`docker login ${step.registry} (user from $${step.usernameEnv}, password from $${step.passwordEnv} on stdin)`);
        const res = await run(docker, loginArgv(step.registry, deps.env[step.usernameEnv] ?? ''), { env: baseEnv, input: password, cwd });
        if (res.exitCode !== 0) {
          throw new ReleaseError(`login to ${step.registry} failed with the credentials in ${step.usernameEnv}/${step.passwordEnv}: ${log.redact(lastLine(res.stderr))}`);
        }
      } else if (step.kind === 'build') {
        result.builder = step.builder;
        if (reused) return;
        if (publish?.via === 'relay' && clients) {
          // Every build of the plan (one per platform) goes through one relay, on the first build step.
          if (relayDone) return;
          relayDone = true;
          const builds = plan.steps.filter((s): s is BuildStep => s.kind === 'build');
          const relayed = await buildThroughRelay(builds, publish, { ...deps, env: baseEnv, scratch: temp.dir, clients, progress, ledger: new BlobLedger() });
          if (relayed.kind === 'pushed') {
            manifest = relayed.manifest;
            relayStats = relayed.stats;
            localName = renameLocal(relayed.localNames, plan, deps, baseEnv);
            return;
          }
          if (relayed.kind === 'by-digest') {
            relayStats = relayed.stats;
            localName = renameLocal(relayed.localNames, plan, deps, baseEnv);
            const files = writePlatformDigests(resolve(cwd, publish.digestsDir ?? ''), relayed.entries, { project: plan.project, sha: plan.sha, image: publish.targets[0].image });
            result.platformDigests = relayed.entries.map((e) => ({ platform: platformName(e.platform), digest: e.digest }));
            result.digestFiles = files;
            for (const e of relayed.entries) log.info(`published by digest: ${publish.targets[0].image}@${e.digest} (${platformName(e.platform)})`);
            return;
          }
          // The engine cannot reach this machine's loopback: load, save and upload instead.
          log.warn('the docker engine could not reach the relay on 127.0.0.1 (an engine in a VM or on another host); building with --load and uploading the saved image');
          const fallback = publish.fallback;
          if (!fallback || publish.platforms)
            throw new ReleaseError('the docker engine could not reach the relay on 127.0.0.1, and several platforms cannot be loaded and saved; use pushMode "docker"');
          await build(fallback.build, { ...deps, env: baseEnv }, tmp, onLine);
          await applyStep(fallback.save);
          return;
        }
        await build(step, { ...deps, env: baseEnv }, tmp, onLine);
        if (step.builder === 'buildx' && plan.push && !publish) {
          result.digest = readDigest(join(temp.dir, 'build-metadata.json'));
          result.tags = plan.tags.map((tag) => ({ tag, status: 'pushed' }));
        }
      } else if (step.kind === 'save') {
        if (reused) return;
        const archive = join(temp.dir, 'image.tar');
        const res = await run(docker, step.argv, { env: baseEnv, cwd, stdoutFile: archive });
        if (res.exitCode !== 0) throw new ReleaseError(`docker save failed: ${log.redact(lastLine(res.stderr))}`);
        saved = archive;
      } else if (step.kind === 'publish' && clients) {
        if (step.split === 'platforms' && !reused) {
          result.blobs = relayStats;
          await localName;
          return;
        }
        if (step.split === 'merge' && !manifest) {
          const merged = await mergePlatformDigests(
            step,
            plan.project,
            plan.sha,
            cwd,
            step.targets.map((t) => ({ repository: t.repository, client: clients(t.registry) })),
          );
          log.info(`merge: one index over ${merged.platforms.join(', ')} from ${step.digestsDir}`);
          manifest = merged.manifest;
        }
        if (!manifest) {
          if (!saved) throw new Error('publish step without a saved image (no save step before it in the plan)');
          manifest = await uploadSaved(step, saved, temp.dir, clients, blobs, progress);
        }
        const counts = relayStats ?? blobs;
        result.blobs = counts;
        const copied = relayStats?.copied ? `, ${relayStats.copied} mounted or copied from a base image` : '';
        progress.summary();
        // A reused image moved no blob: the promote line above says so; no report of zeros.
        if (!reused) log.info(`image ${manifest.digest}: ${counts.uploaded} blob(s) uploaded, ${counts.alreadyPresent} already in the registry${copied}`);
        if (step.provenance && !reused) {
          const bases = await baseImageDigests(step.baseImages, { run, docker, env: baseEnv, cwd });
          const targets = step.targets.map((t) => ({ repository: t.repository, client: clients(t.registry) }));
          const attached = await attachProvenance({ step: { ...step, provenance: step.provenance }, manifest, targets, baseDigests: bases, startedOn, redact: log.redact });
          manifest = attached.index;
          result.attestations = attached.attestations;
          log.info(`provenance: ${attached.attestations.map((a) => `${a.platform} ${a.subject.slice(0, 19)}… attested by ${a.digest.slice(0, 19)}…`).join(', ')} (SLSA v1, ${step.provenance.mode})`);
        }
        // A reused index keeps the attestations it was published with: report those.
        if (reused && attestationsIn(manifest).length) result.attestations = attestationsIn(manifest);
        result.digest = manifest.digest;
        result.tags = await applyTags(step, manifest, clients, log, reused?.ref);
        await localName;
      } else if (step.kind === 'sign') {
        // Nothing pushed, nothing to sign; a failed tag still leaves a digest worth signing.
        if (!result.digest) return;
        result.signatures = await signImages(step, result.digest, { run, env: deps.env, childEnv: baseEnv, cwd, log, scratch: temp.dir, ...(clients ? { client: clients } : {}), auths });
      } else if (step.kind === 'push') {
        const res = await run(docker, step.argv, { env: baseEnv, cwd, onLine });
        if (res.exitCode !== 0) {
          result.tags.push({ tag: step.tag, status: 'failed', reason: log.redact(lastLine(res.stderr || res.stdout)) });
          return;
        }
        result.tags.push({ tag: step.tag, status: 'pushed' });
        result.digest ||= /digest: (sha256:[0-9a-f]{64})/.exec(res.stdout)?.[1] ?? '';
      }
    }
  } catch (err) {
    if (err instanceof RegistryAuthError) throw new ReleaseError(log.redact(err.message));
    // Retries used up (a registry down, refusing connections): one line, not a stack trace.
    if (err instanceof TransientError) throw new ReleaseError(`registry: ${log.redact(err.message)} (gave up after ${publish?.retry.attempts ?? 1} attempts)`);
    throw err;
  } finally {
    temp.remove();
  }
  return result;
}

async function build(step: BuildStep, deps: ApplyDeps, tmp: (argv: string[]) => string[], onLine: (line: string) => void): Promise<void> {
  deps.log.info(`build with ${step.builder === 'buildx' ? 'docker buildx build' : 'BuildKit docker build (no buildx)'}`);
  const res = await deps.run(deps.docker, tmp(step.argv), { env: { ...deps.env, ...step.env }, cwd: deps.cwd, onLine });
  if (res.exitCode !== 0) throw new ReleaseError(`docker build failed (exit ${res.exitCode}); see the build output above`);
}

/**
 * One registry client per registry of the publish targets, credentials resolved up front: the
 * login option's variables for its registry, else what the user's docker config holds (which may
 * run a credential helper, with `childEnv`: no password variable in it).
 */
async function clientFactory(
  step: PublishStep,
  deps: ApplyDeps,
  childEnv: Record<string, string | undefined>,
  auths: Map<string, { username: string; password: string }>,
): Promise<(registry: string) => RegistryClient> {
  const { env } = deps;
  step.credentials.forEach((c) => deps.log.addSecret(env[c.passwordEnv]));
  const registries = [...new Set(step.targets.map((t) => t.registry))];
  const resolved = await Promise.all(
    registries.map(async (registry): Promise<[string, RegistryClient]> => {
      const login = step.credentials.find((c) => c.registry === registry);
      const credentials = login
        ? { username: env[login.usernameEnv] ?? '', password: env[login.passwordEnv] ?? '', passwordEnv: login.passwordEnv }
        : await dockerConfigCredentials(registry, childEnv, deps.run);
      // The same credentials, for the same registry only, are what cosign signs with.
      if (credentials) auths.set(registry, { username: credentials.username, password: credentials.password });
      return [registry, loggedRegistryClient(registry, credentials, step.retry, deps.log)];
    }),
  );
  const clients = new Map(resolved);
  return (registry) => {
    const client = clients.get(registry);
    if (!client) throw new Error(`no registry client for ${registry}: not a publish target`);
    return client;
  };
}

/**
 * The engine holds the build under the relay's throw-away name; give it the release's name, as
 * a loaded build had, and drop the other (in the background: tags go on meanwhile).
 */
async function renameLocal(relayNames: string[], plan: ReleasePlan, deps: ApplyDeps, env: Record<string, string | undefined>): Promise<void> {
  const publish = plan.steps.find((s): s is PublishStep => s.kind === 'publish');
  const [first] = publish?.targets ?? [];
  if (!publish || !first) return;
  // Several platforms: the engine holds one image per platform; none of them is "the" image.
  const to = publish.platforms ? undefined : `${first.image}:${publish.primaryTag}`;
  for (const from of relayNames) await renameLocalImage(from, to, { ...deps, env });
}

function readDigest(file: string): string {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const digest = parsed['containerimage.digest'];
  if (typeof digest !== 'string') throw new Error(`buildx metadata file has no containerimage.digest: ${file}`);
  return digest;
}

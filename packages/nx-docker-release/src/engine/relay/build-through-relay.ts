import { ReleaseError } from '../../release/release-error';
import { parsePullReference, type ImageReference } from '../../release/image-ref';
import { RELAY, type BuildStep, type PublishStep } from '../../release/types';
import type { Logger } from '../../log/redacting-logger';
import { dockerConfigCredentials } from '../docker-credentials';
import { engineCall, engineSocket } from '../engine-socket';
import { RegistryClient, type Manifest } from '../registry-client';
import type { Runner } from '../runner';
import { baseLayerSources, type LayerSource } from './base-layers';
import { BlobRelay, type RelayStats } from './blob-relay';
import { relayDockerConfig } from './relay-docker-config';
import { startRelay } from './relay-server';

export interface RelayBuildDeps {
  run: Runner;
  docker: string;
  /** The build's environment (no password variable in it). */
  env: Record<string, string | undefined>;
  cwd: string;
  log: Logger;
  scratch: string;
  clients: (registry: string) => RegistryClient;
  /** Replaces the temp-dir token in argv. */
  tmp: (argv: string[]) => string[];
}

export type RelayBuild = { kind: 'pushed'; manifest: Manifest; stats: RelayStats; localName: string } | { kind: 'unreachable' };

/**
 * Runs the planned `buildx build --push` against a relay on loopback (see relay-server) and
 * returns the manifest BuildKit pushed, every blob of it already in every target registry.
 * `unreachable`: the build failed before the engine made any request to the relay (an engine
 * in a VM or on another host cannot reach this machine's loopback); the caller falls back.
 */
export async function buildThroughRelay(build: BuildStep, publish: PublishStep, deps: RelayBuildDeps): Promise<RelayBuild> {
  const targets = publish.targets.map((t) => ({ registry: t.registry, repository: t.repository, client: deps.clients(t.registry) }));
  const sources = lazySources(publish, deps);
  const blobs = new BlobRelay(targets, async (digest) => (await sources()).get(digest));
  const relay = await startRelay({ blobs, targets, repository: publish.targets[0].repository, scratch: deps.scratch });
  try {
    void sources(); // read the base manifests while BuildKit starts
    const argv = deps.tmp(build.argv).map((a) => a.split(RELAY).join(relay.name));
    deps.log.addSecret(relay.password);
    const config = relayDockerConfig(deps.env, deps.scratch, relay.host, relay.username, relay.password);
    deps.log.info(`build with docker buildx build, pushed through the relay to ${publish.targets.map((t) => t.image).join(', ')}`);
    const res = await deps.run(deps.docker, argv, { env: { ...deps.env, ...build.env, DOCKER_CONFIG: config }, cwd: deps.cwd, onLine: (line) => deps.log.info(`  ${line}`) });
    if (res.exitCode !== 0) {
      await forgetLocal(`${relay.name}:${publish.primaryTag}`, deps);
      if (relay.requests() === 0 && /127\.0\.0\.1:\d+/.test(res.stderr + res.stdout) && /connect|refused|dial/i.test(res.stderr + res.stdout)) return { kind: 'unreachable' };
      const failure = relay.failure();
      throw new ReleaseError(failure ? `publish failed: ${deps.log.redact(failure)}` : `docker build failed (exit ${res.exitCode}); see the build output above`);
    }
    const manifest = relay.tagged(publish.primaryTag);
    if (!manifest) throw new ReleaseError(`publish failed: the build pushed no manifest for ${publish.primaryTag} to the relay`);
    return { kind: 'pushed', manifest, stats: blobs.stats, localName: `${relay.name}:${publish.primaryTag}` };
  } finally {
    await relay.close();
  }
}

/** A failed push may leave the build under the relay's name in the engine: drop that name. */
async function forgetLocal(ref: string, deps: RelayBuildDeps): Promise<void> {
  const socket = engineSocket(deps.env);
  if (deps.docker === 'docker' && socket && (await engineCall(socket, 'DELETE', `/images/${encodeURIComponent(ref)}?noprune=1`)) !== null) return;
  await deps.run(deps.docker, ['image', 'rm', ref], { env: deps.env, cwd: deps.cwd });
}

/** The base images' layer locations, read once, on first need. */
function lazySources(publish: PublishStep, deps: RelayBuildDeps): () => Promise<Map<string, LayerSource>> {
  let pending: Promise<Map<string, LayerSource>> | undefined;
  const targetRegistries = new Set(publish.targets.map((t) => t.registry));
  const others = new Map<string, Promise<RegistryClient>>();
  // A base in a registry that is not a target gets only that registry's own docker config credentials.
  const clientFor = (registry: string): Promise<RegistryClient> => {
    if (targetRegistries.has(registry)) return Promise.resolve(deps.clients(registry));
    let client = others.get(registry);
    if (!client) {
      client = dockerConfigCredentials(registry, deps.env, deps.run).then((credentials) => {
        deps.log.addSecret(credentials?.password);
        return new RegistryClient({ registry, credentials, retry: publish.retry, onRetry: (m) => deps.log.warn(`retry: ${m}`) });
      });
      others.set(registry, client);
    }
    return client;
  };
  return () => {
    const bases = publish.baseImages.map(parsePullReference).filter((b): b is ImageReference => b !== undefined);
    pending ??= baseLayerSources(bases, publish.platform, clientFor, (m) => deps.log.info(m));
    return pending;
  };
}

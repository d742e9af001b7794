import { ReleaseError } from '../../release/release-error';
import { parsePullReference, type ImageReference } from '../../release/image-ref';
import { fillPlaceholders } from '../../release/commands';
import { watchCacheImports } from '../../release/cache-import';
import type { BuildStep, PublishStep } from '../../release/types';
import type { Logger } from '../../log/redacting-logger';
import { dockerConfigCredentials } from '../docker-credentials';
import { renameLocalImage } from '../local-image';
import { buildDockerConfig } from '../build-docker-config';
import { loggedRegistryClient, type LoginCredentials } from '../registry-clients';
import type { Manifest, RegistryApi } from '../registry-client';
import type { Runner } from '../runner';
import type { UploadProgress } from '../upload-progress';
import { baseLayerSources, type LayerSource } from './base-layers';
import type { BlobLedger } from './blob-ledger';
import { BlobRelay, type RelayStats } from './blob-relay';
import { indexOver, storeChildren, type IndexEntry } from './image-index';
import { startRelay } from './relay-server';
import { recordEngineImages } from '../stale-runs';

export interface RelayBuildDeps {
  run: Runner;
  docker: string;
  /** The build's environment (no password variable in it). */
  env: Record<string, string | undefined>;
  cwd: string;
  log: Logger;
  scratch: string;
  clients: (registry: string) => RegistryApi;
  /** The login option's credentials: the build's base images and caches in those registries are read with them. */
  logins: readonly LoginCredentials[];
  progress?: UploadProgress;
  /** Where the layer cache imports the builds gave up on are reported. */
  cacheWarnings?: string[];
  /** Shared with the other releases on this machine: blobs uploaded once, mounted after. */
  ledger?: BlobLedger;
}

/** `localNames`: what the engine now holds under the relay's throw-away name, one per build. */
export type RelayBuild =
  { kind: 'pushed'; manifest: Manifest; stats: RelayStats; localNames: string[] } | { kind: 'by-digest'; entries: IndexEntry[]; stats: RelayStats; localNames: string[] } | { kind: 'unreachable' };

/**
 * Runs the planned `buildx build --push` steps (one, or one per platform) against a relay on
 * loopback (see relay-server) and returns the manifest to tag: the one BuildKit pushed, or for
 * several platforms an image index over their manifests, every blob and child manifest already
 * in every target registry. `unreachable`: the first build failed before the engine made any
 * request to the relay (an engine in a VM or on another host cannot reach this machine's
 * loopback); the caller falls back.
 */
export async function buildThroughRelay(builds: BuildStep[], publish: PublishStep, deps: RelayBuildDeps): Promise<RelayBuild> {
  const targets = publish.targets.map((t) => ({ registry: t.registry, repository: t.repository, client: deps.clients(t.registry) }));
  const sources = lazySources(publish, deps);
  const blobs = new BlobRelay(targets, async (digest) => (await sources()).get(digest), deps.progress, deps.ledger);
  const relay = await startRelay({ blobs, targets, repository: publish.targets[0].repository, scratch: deps.scratch });
  const tags = publish.relayTags ?? [publish.primaryTag];
  // Killed mid-build, this run leaves these names in the engine: the next run removes them.
  recordEngineImages(
    deps.scratch,
    tags.map((tag) => `${relay.name}:${tag}`),
  );
  try {
    // The base images are read before the build: a registry refusing the release's credentials
    // stops the run in one line naming the variable, instead of a 401 deep in BuildKit's output.
    await sources();
    deps.log.addSecret(relay.password);
    const config = buildDockerConfig(deps.env, deps.scratch, [...deps.logins, { registry: relay.host, username: relay.username, password: relay.password }], 'relay-docker-config');
    for (const [i, build] of builds.entries()) {
      const argv = fillPlaceholders(build.argv, { tmp: deps.scratch, relay: relay.name });
      const what = publish.platforms ? ` (${publish.platforms[i]}, ${i + 1} of ${builds.length})` : '';
      deps.log.info(`build with docker buildx build${what}, pushed through the relay to ${publish.targets.map((t) => t.image).join(', ')}`);
      const imports = watchCacheImports();
      const res = await deps.run(deps.docker, argv, {
        env: { ...deps.env, ...build.env, DOCKER_CONFIG: config },
        cwd: deps.cwd,
        onLine: (line) => {
          imports.line(line);
          deps.log.info(`  ${line}`);
        },
      });
      deps.cacheWarnings?.push(...imports.warnings());
      if (res.exitCode !== 0) {
        await Promise.all(tags.map((tag) => renameLocalImage(`${relay.name}:${tag}`, undefined, deps)));
        const output = res.stderr + res.stdout;
        if (relay.requests() === 0 && /127\.0\.0\.1:\d+/.test(output) && /connect|refused|dial/i.test(output)) return { kind: 'unreachable' };
        const failure = relay.failure();
        throw new ReleaseError(failure ? `publish failed: ${deps.log.redact(failure)}` : `docker build failed (exit ${res.exitCode}); see the build output above`);
      }
    }
    const pushed = tags.map((tag) => {
      const manifest = relay.tagged(tag);
      if (!manifest) throw new ReleaseError(`publish failed: the build pushed no manifest for ${tag} to the relay`);
      return manifest;
    });
    const localNames = tags.map((tag) => `${relay.name}:${tag}`);
    if (!publish.platforms) return { kind: 'pushed', manifest: pushed[0], stats: blobs.stats, localNames };
    const [first] = targets;
    const entries = await storeChildren(pushed, targets, async (digest) => relay.blob(digest) ?? first.client.getBlob(first.repository, digest));
    // A platform run of a split release stops here: its images are in the registry by digest.
    if (publish.split === 'platforms') return { kind: 'by-digest', entries, stats: blobs.stats, localNames };
    return { kind: 'pushed', manifest: indexOver(entries, publish), stats: blobs.stats, localNames };
  } finally {
    blobs.settle();
    await relay.close();
  }
}

/** The base images' layer locations, read once, on first need. */
function lazySources(publish: PublishStep, deps: RelayBuildDeps): () => Promise<Map<string, LayerSource>> {
  let pending: Promise<Map<string, LayerSource>> | undefined;
  const targetRegistries = new Set(publish.targets.map((t) => t.registry));
  const others = new Map<string, Promise<RegistryApi>>();
  // A base in a registry that is not a target gets that registry's login, else its own docker config credentials.
  const clientFor = (registry: string): Promise<RegistryApi> => {
    if (targetRegistries.has(registry)) return Promise.resolve(deps.clients(registry));
    let client = others.get(registry);
    if (!client) {
      const login = deps.logins.find((l) => l.registry === registry);
      client = (login ? Promise.resolve(login) : dockerConfigCredentials(registry, deps.env, deps.run)).then((credentials) => loggedRegistryClient(registry, credentials, publish.retry, deps.log));
      others.set(registry, client);
    }
    return client;
  };
  return () => {
    const bases = publish.baseImages.map(parsePullReference).filter((b): b is ImageReference => b !== undefined);
    pending ??= Promise.all((publish.platforms ?? [publish.platform]).map((p) => baseLayerSources(bases, p, clientFor, (m) => deps.log.info(m)))).then((maps) => new Map(maps.flatMap((m) => [...m])));
    return pending;
  };
}

import type { DockerReleaseOptions } from './options';
import { ReleaseError } from './release-error';
import type { ReleaseFacts } from './types';

/** How to get a builder that exports caches, named in the refusal. */
const FIX =
  'turn on the containerd image store ("features": {"containerd-snapshotter": true} in /etc/docker/daemon.json, then restart dockerd) or use a docker-container builder (docker buildx create --name cache-builder --driver docker-container, then buildxBuilder: "cache-builder")';

/**
 * Layer caches the chosen builder cannot honour, found before any build: an export on the classic
 * builder or on buildx's docker driver over the classic image store (BuildKit would fail after
 * the build: "Cache export is not supported for the docker driver"), and a gha cache outside a
 * job that exported the Actions runtime variables (buildx drops such an entry without a word).
 */
export function checkLayerCaches(options: DockerReleaseOptions, facts: ReleaseFacts, dryRun: boolean): string[] {
  const warnings: string[] = [];
  const from = options.cacheFrom ?? [];
  const all = options.cacheTo ?? [];
  if (from.length === 0 && all.length === 0) return warnings;
  const runtime = ghaRuntime((name) => facts.envPresent.has(name));
  // What buildx really exports: it drops a gha entry without the runtime variables.
  const to = activeCaches(all, runtime);
  const option = options.cache ? 'cache' : 'cacheTo';
  const stop = (line: string): void => {
    if (!dryRun) throw new ReleaseError(line);
    warnings.push(`${line} (a real run stops here)`);
  };
  const classic = options.builder === 'classic' || (options.builder !== 'buildx' && !facts.buildxAvailable);
  if (classic) {
    if (to.length) stop(`${option}: the classic builder (no docker buildx) cannot export a layer cache; install docker buildx, or leave out ${option}`);
    else warnings.push('cacheFrom: the classic builder (no docker buildx) reads no layer cache; the build runs without it');
    return warnings;
  }
  const builder = facts.cacheBuilder;
  if (to.length && builder?.driver === 'docker' && builder.containerdStore === false) {
    stop(`${option}: the buildx builder "${builder.name}" uses the docker driver on the classic image store, which cannot export a layer cache; ${FIX}`);
  } else if (to.length && builder?.unreadable) {
    warnings.push(`${option}: could not tell whether the buildx builder "${builder.name}" can export a layer cache (${builder.unreadable}); the build will say`);
  }
  if ([...from, ...all].some(isGha) && !runtime) {
    warnings.push(
      `${options.cache === 'gha' ? 'cache' : 'cacheFrom/cacheTo'}: a gha cache needs ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL (GitHub Actions, exported to run steps by the job; ci-workflow writes that step); without them buildx leaves the cache out`,
    );
  }
  return warnings;
}

/** A `type=gha` cache entry. */
export function isGha(entry: string): boolean {
  return /(^|,)\s*type=gha\s*(,|$)/.test(entry);
}

/** Whether buildx can reach the GitHub Actions cache: the token and a cache service URL (buildx's isActive). */
export function ghaRuntime(isSet: (name: string) => boolean): boolean {
  return isSet('ACTIONS_RUNTIME_TOKEN') && (isSet('ACTIONS_RESULTS_URL') || isSet('ACTIONS_CACHE_URL'));
}

/** The cache entries buildx acts on: gha ones only with the Actions runtime variables. */
export function activeCaches(entries: readonly string[], runtime: boolean): string[] {
  return entries.filter((e) => runtime || !isGha(e));
}

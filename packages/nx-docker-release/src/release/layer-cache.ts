import { cacheRegistry } from './build-registries';
import { imageEntryName, parseImageName, parsePullReference, withRegistry } from './image-ref';
import type { DockerReleaseOptions } from './options';
import { ReleaseError } from './release-error';

/** The tag a registry cache is kept under, next to the image (build-push-action's docs use it too). */
export const CACHE_TAG = 'buildcache';

/** Nx Cloud's docker layer cache: the in-cluster registry every agent reads and writes. */
export const CACHE_REGISTRY_ENV = 'NX_DOCKER_CACHE_REGISTRY';

/** The tag Nx Cloud's cache registry keeps (its docs: other tags are pruned). */
export const NX_CLOUD_CACHE_TAG = 'main';

/**
 * The `cache` option made concrete, appended to any explicit cacheFrom/cacheTo entries:
 * "registry": `<first image>:buildcache` (or `<NX_DOCKER_CACHE_REGISTRY>/<its repository>:main`, the one tag
 * Nx Cloud's cache registry keeps),
 * imported, and exported with mode=max (every stage's layers, so a cold runner skips the build stage);
 * "gha": the GitHub Actions cache, one scope per project. `images` are the final names (after --registry).
 */
export function withLayerCache(options: DockerReleaseOptions, projectName: string, cacheRegistryHost: string | undefined): DockerReleaseOptions {
  const cache = options.cache;
  if (cache === undefined) return options;
  if (cache !== 'registry' && cache !== 'gha') throw new ReleaseError(`cache: "${String(cache)}" is not a layer cache; use "registry" (<image>:${CACHE_TAG}) or "gha" (GitHub Actions cache)`);
  const entry = cache === 'gha' ? `type=gha,scope=${projectName}` : `type=registry,ref=${registryCacheRef(options.images, cacheRegistryHost)}`;
  return { ...options, cacheFrom: unique([...(options.cacheFrom ?? []), entry]), cacheTo: unique([...(options.cacheTo ?? []), `${entry},mode=max`]) };
}

function registryCacheRef(images: readonly string[] | undefined, cacheRegistryHost: string | undefined): string {
  const first = (images ?? []).map((entry) => imageEntryName(entry)).find((name): name is string => name !== undefined);
  if (first === undefined) throw new ReleaseError('cache: "registry" keeps the cache next to the first image, and images names none');
  const { path } = parseImageName(first, 'images[0]');
  const host = cacheRegistryHost?.trim().replace(/\/+$/, '');
  const ref = host ? `${host}/${path}:${NX_CLOUD_CACHE_TAG}` : `${first}:${CACHE_TAG}`;
  if (host && (/^[a-z]+:\/\//i.test(host) || parsePullReference(ref) === undefined)) {
    throw new ReleaseError(`${CACHE_REGISTRY_ENV}: "${host}" is not a registry host (or host/path) a cache can go to, e.g. 10.0.0.5:5000`);
  }
  return ref;
}

/**
 * `--registry` moves the release's registry caches as it moves the images: an entry whose ref is in
 * one of the images' registries goes to `registry` (same repository path). A cache in another
 * registry (a dedicated cache registry) stays where it is.
 */
export function cachesWithRegistry(entries: readonly string[] | undefined, imageRegistries: ReadonlySet<string>, registry: string): string[] | undefined {
  if (entries === undefined) return undefined;
  return entries.map((entry) => {
    const from = cacheRegistry(entry);
    if (from === undefined || !imageRegistries.has(from)) return entry;
    const move = (ref: string): string => {
      const at = ref.indexOf('@');
      const named = at < 0 ? ref : ref.slice(0, at);
      const colon = named.lastIndexOf(':');
      const hasTag = colon > named.lastIndexOf('/');
      const name = hasTag ? named.slice(0, colon) : named;
      return `${withRegistry(name, registry)}${hasTag ? named.slice(colon) : ''}${at < 0 ? '' : ref.slice(at)}`;
    };
    if (!entry.includes('=')) return move(entry.trim());
    return entry
      .split(',')
      .map((field) => field.replace(/^(\s*ref=)(.*)$/, (_whole, key: string, ref: string) => `${key}${move(ref.trim())}`))
      .join(',');
  });
}

/**
 * The caches of one platform's build, when a release builds each platform on its own (the docker
 * driver exports one platform at a time, a split release one per machine): a registry ref gets a
 * `-<os>-<arch>` tag suffix and a gha scope the same, so the platforms do not overwrite each
 * other's cache (the last export of a ref wins).
 */
export function cachesForPlatform(entries: readonly string[] | undefined, platform: string): string[] | undefined {
  if (entries === undefined) return undefined;
  const suffix = `-${platform.replace(/\//g, '-')}`;
  return entries.map((entry) => {
    if (cacheRegistry(entry) !== undefined) {
      const withTag = (ref: string): string => {
        const at = ref.indexOf('@');
        if (at >= 0) return ref;
        const colon = ref.lastIndexOf(':');
        return colon > ref.lastIndexOf('/') ? `${ref}${suffix}` : `${ref}:latest${suffix}`;
      };
      if (!entry.includes('=')) return withTag(entry.trim());
      return entry
        .split(',')
        .map((field) => field.replace(/^(\s*ref=)(.*)$/, (_whole, key: string, ref: string) => `${key}${withTag(ref.trim())}`))
        .join(',');
    }
    if (!/(^|,)\s*type=gha\s*(,|$)/.test(entry)) return entry;
    // BuildKit's default gha scope is "buildkit".
    return /(^|,)\s*scope=/.test(entry)
      ? entry.replace(/(^|,)(\s*scope=)([^,]*)/, (_w, lead: string, key: string, scope: string) => `${lead}${key}${scope}${suffix}`)
      : `${entry},scope=buildkit${suffix}`;
  });
}

function unique(entries: string[]): string[] {
  return [...new Set(entries)];
}

import type { GitContext } from './git-context';
import type { DockerReleaseOptions } from './options';
import { resolveOptions } from './resolve-options';
import { cachesForPlatform, cachesWithRegistry, withLayerCache } from './layer-cache';
import { planRelease } from './plan';

const git: GitContext = { provider: 'git', eventName: 'push', ref: 'refs/heads/main', sha: '0123456789abcdef0123456789abcdef01234567', payload: {}, repo: null, tagsAtCommit: [] };
const IMG = 'ghcr.io/acme/shop/api';
const resolve = (options: Partial<DockerReleaseOptions>, env: Record<string, string> = {}): DockerReleaseOptions => resolveOptions({ images: [IMG], ...options }, { git, projectName: 'api', env });

describe('cache: a layer cache per project without refs written by hand', () => {
  it.each<[string, Partial<DockerReleaseOptions>, Record<string, string>, string[], string[]]>([
    ['registry: next to the first image, exported with every stage', { cache: 'registry' }, {}, [`type=registry,ref=${IMG}:buildcache`], [`type=registry,ref=${IMG}:buildcache,mode=max`]],
    [
      'registry under NX_DOCKER_CACHE_REGISTRY (Nx Cloud): that registry, the image repository path, the main tag it keeps',
      { cache: 'registry' },
      { NX_DOCKER_CACHE_REGISTRY: '10.0.0.5:5000/' },
      ['type=registry,ref=10.0.0.5:5000/acme/shop/api:main'],
      ['type=registry,ref=10.0.0.5:5000/acme/shop/api:main,mode=max'],
    ],
    ['gha: the GitHub Actions cache, scope = the project', { cache: 'gha' }, {}, ['type=gha,scope=api'], ['type=gha,scope=api,mode=max']],
    [
      'explicit entries stay, first',
      { cache: 'gha', cacheFrom: ['type=registry,ref=ghcr.io/acme/cache:main'] },
      {},
      ['type=registry,ref=ghcr.io/acme/cache:main', 'type=gha,scope=api'],
      ['type=gha,scope=api,mode=max'],
    ],
    [
      'registry with --registry: the cache moves with the image',
      { cache: 'registry', registry: '127.0.0.1:5000' },
      {},
      ['type=registry,ref=127.0.0.1:5000/acme/shop/api:buildcache'],
      ['type=registry,ref=127.0.0.1:5000/acme/shop/api:buildcache,mode=max'],
    ],
    [
      'explicit refs in the image registry move with --registry; a cache in another registry stays',
      {
        registry: '127.0.0.1:5000',
        cacheFrom: ['type=registry,ref=ghcr.io/acme/shop/api:cache', 'ghcr.io/acme/x:1', 'type=registry,ref=cache.example.com/api:c'],
        cacheTo: ['type=registry,ref=ghcr.io/acme/shop/api:cache,mode=max'],
      },
      {},
      ['type=registry,ref=127.0.0.1:5000/acme/shop/api:cache', '127.0.0.1:5000/acme/x:1', 'type=registry,ref=cache.example.com/api:c'],
      ['type=registry,ref=127.0.0.1:5000/acme/shop/api:cache,mode=max'],
    ],
  ])('%s', (_name, options, env, cacheFrom, cacheTo) => {
    const resolved = resolve(options, env);
    expect(resolved.cacheFrom).toEqual(cacheFrom);
    expect(resolved.cacheTo ?? []).toEqual(cacheTo);
  });

  it('NX_DOCKER_CACHE_REGISTRY is read only for a registry cache (no cache, no change)', () => {
    expect(resolve({}, { NX_DOCKER_CACHE_REGISTRY: '10.0.0.5:5000' }).cacheFrom).toBeUndefined();
  });

  it.each<[string, Partial<DockerReleaseOptions>, Record<string, string>, RegExp]>([
    ['an unknown cache kind', { cache: 's3' as 'gha' }, {}, /^cache: "s3" is not a layer cache; use "registry" \(<image>:buildcache\) or "gha"/],
    ['a cache registry with a scheme', { cache: 'registry' }, { NX_DOCKER_CACHE_REGISTRY: 'https://cache:5000' }, /^NX_DOCKER_CACHE_REGISTRY: "https:\/\/cache:5000" is not a registry host/],
  ])('one line naming the option: %s', (_name, options, env, message) => {
    expect(() => resolve(options, env)).toThrow(message);
  });

  it('the registry override leaves gha, local and inline caches as they are', () => {
    expect(cachesWithRegistry(['type=gha,scope=api', 'type=local,src=/tmp/c', 'type=inline'], new Set(['ghcr.io']), '127.0.0.1:5000')).toEqual([
      'type=gha,scope=api',
      'type=local,src=/tmp/c',
      'type=inline',
    ]);
  });

  it('an image given as name= takes its name for the cache', () => {
    expect(withLayerCache({ images: ['name=ghcr.io/acme/web,enable=true'], cache: 'registry' }, 'web', undefined).cacheFrom).toEqual(['type=registry,ref=ghcr.io/acme/web:buildcache']);
  });

  it('a release built per platform gives each platform build its own cache (the last export of a ref wins)', () => {
    expect(cachesForPlatform(['type=registry,ref=ghcr.io/acme/api:buildcache,mode=max', 'ghcr.io/acme/api', 'type=gha,scope=api,mode=max', 'type=gha', 'type=local,src=/c'], 'linux/arm64')).toEqual([
      'type=registry,ref=ghcr.io/acme/api:buildcache-linux-arm64,mode=max',
      'ghcr.io/acme/api:latest-linux-arm64',
      'type=gha,scope=api-linux-arm64,mode=max',
      'type=gha,scope=buildkit-linux-arm64',
      'type=local,src=/c',
    ]);
    const plan = planRelease(
      { images: [IMG], tags: ['type=sha'], cache: 'registry', platforms: ['linux/amd64', 'linux/arm64'] },
      {
        projectName: 'api',
        projectRoot: 'apps/api',
        git,
        envPresent: new Set(),
        metadataEnv: {},
        contextIsDirectory: true,
        dockerfileExists: true,
        buildxAvailable: true,
        engineIsLocal: true,
        now: new Date(),
      },
    );
    const builds = plan.kind === 'release' ? plan.steps.flatMap((s) => (s.kind === 'build' ? [s.argv.filter((a) => a.startsWith('--cache-to'))] : [])) : [];
    expect(builds).toEqual([[`--cache-to=type=registry,ref=${IMG}:buildcache-linux-amd64,mode=max`], [`--cache-to=type=registry,ref=${IMG}:buildcache-linux-arm64,mode=max`]]);
  });
});

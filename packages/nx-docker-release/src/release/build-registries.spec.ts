import { buildRegistries, cacheRegistry } from './build-registries';

describe('the registries a build reads besides its targets', () => {
  it.each<[string, string | undefined]>([
    ['type=registry,ref=ghcr.io/org/app:buildcache', 'ghcr.io'],
    ['type=registry,ref=127.0.0.1:5000/org/app:cache,mode=max', '127.0.0.1:5000'],
    ['ref=registry.example.com/app:cache', 'registry.example.com'],
    ['user/app:cache', 'docker.io'],
    ['type=gha,scope=backend', undefined],
    ['type=local,src=/tmp/cache', undefined],
    ['type=inline', undefined],
  ])('%s -> %s', (entry, registry) => {
    expect(cacheRegistry(entry)).toBe(registry);
  });

  it('bases and caches, each registry once, in order', () => {
    expect(buildRegistries(['127.0.0.1:5600/golang:1.19', 'python:3.11', '127.0.0.1:5600/base:1'], ['type=registry,ref=ghcr.io/a/b:c', 'type=gha'])).toEqual([
      '127.0.0.1:5600',
      'docker.io',
      'ghcr.io',
    ]);
  });
});

/**
 * The repository part of an image reference, normalised the way Docker does so that `redis`,
 * `docker.io/redis` and `docker.io/library/redis:7@sha256:..` compare equal.
 * https://github.com/distribution/reference/blob/main/normalize.go
 */
export function imageRepository(ref: string): string {
  let name = ref.trim().toLowerCase();
  const at = name.indexOf('@');
  if (at >= 0) name = name.slice(0, at);
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) name = name.slice(0, colon);
  const [first = '', ...rest] = name.split('/');
  const isRegistry = rest.length > 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (isRegistry) return first === 'index.docker.io' ? `docker.io/${rest.join('/')}` : name;
  return rest.length === 0 ? `docker.io/library/${name}` : `docker.io/${name}`;
}

/** Replaces the registry host of a repository, as the executor's `registry` option does. */
export function withRegistry(repository: string, registry: string): string {
  const [, ...path] = repository.split('/');
  return imageRepository(`${registry.replace(/\/+$/, '')}/${path.join('/')}`);
}

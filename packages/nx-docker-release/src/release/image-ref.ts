import { parseImageLine } from '../metadata/images';
import { ReleaseError } from './release-error';

// The reference grammar of distribution/reference (docker/distribution reference/regexp.go),
// restricted to a name without tag or digest: [domain/]path-component(/path-component)*
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domain = `(?:${domainComponent}(?:\\.${domainComponent})*(?::[0-9]+)?|\\[[a-fA-F0-9:]+\\](?::[0-9]+)?)`;
const pathComponent = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const NAME = new RegExp(`^(?:${domain}/)?${pathComponent}(?:/${pathComponent})*$`);
const DOMAIN = new RegExp(`^${domain}$`);

/** distribution/reference's NameTotalLengthMax: a name (host and path, without tag) is at most 255 characters. */
export const NAME_TOTAL_LENGTH_MAX = 255;

/**
 * In registry mode BuildKit pushes to the executor's relay as `127.0.0.1:<port>/<repository>`, a
 * name that must fit the same 255 characters: a repository path one character over what that
 * host leaves would otherwise fail inside the build.
 */
export function checkRelayName(repository: string): void {
  const host = '127.0.0.1:65535/';
  if (host.length + repository.length > NAME_TOTAL_LENGTH_MAX) {
    throw new ReleaseError(
      `images[0]: repository "${repository.slice(0, 48)}..." is too long for the build's local relay (${host.length + repository.length} > ${NAME_TOTAL_LENGTH_MAX} characters as 127.0.0.1:<port>/<repository>); shorten it, or use pushMode "docker"`,
    );
  }
}

/** A repository path: lowercase components separated by `/` (distribution/reference grammar). */
export const REPOSITORY_PATH = new RegExp(`^${pathComponent}(?:/${pathComponent})*$`);

/**
 * Whether the first component of a name is a registry host for docker (a dot, a port, an IPv6
 * literal or localhost; otherwise `org/app` is a Docker Hub path), as distribution/reference's
 * `splitDockerDomain` decides.
 */
function namesHost(first: string): boolean {
  return first.includes('.') || first.includes(':') || first === 'localhost' || first.startsWith('[');
}

/** host or host:port that docker reads as a registry when it is the first component of a name. */
export function isRegistryHost(value: string): boolean {
  return DOMAIN.test(value) && namesHost(value);
}

export interface ImageName {
  /** Registry host as docker login expects it (docker.io when the name has none). */
  registry: string;
  /** Repository path inside the registry. */
  path: string;
}

/** Splits an image name the way docker does: the first part is a host only if it looks like one. */
export function parseImageName(name: string, option = 'images'): ImageName {
  if (name.length > NAME_TOTAL_LENGTH_MAX) {
    throw new ReleaseError(`${option}: "${name.slice(0, 48)}..." is too long (${name.length} > ${NAME_TOTAL_LENGTH_MAX} characters for the registry host and repository path together)`);
  }
  if (!NAME.test(name)) {
    throw new ReleaseError(`${option}: "${name}" is not a valid image name (lowercase path components separated by "/", optional registry host, no tag)`);
  }
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  if (first && namesHost(first)) {
    return { registry: first, path: name.slice(slash + 1) };
  }
  return { registry: 'docker.io', path: name };
}

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
  const isRegistry = rest.length > 0 && namesHost(first);
  if (isRegistry) return first === 'index.docker.io' ? `docker.io/${rest.join('/')}` : name;
  return rest.length === 0 ? `docker.io/library/${name}` : `docker.io/${name}`;
}

/** Puts an image under another registry host, keeping its repository path. */
export function withRegistry(name: string, registry: string): string {
  return `${registry}/${parseImageName(name).path}`;
}

export interface ImageReference {
  registry: string;
  /** Repository path as the registry API names it (Docker Hub's official images under library/). */
  repository: string;
  /** Tag or digest (latest when the reference names neither). */
  reference: string;
}

/**
 * A full pull reference (`[host/]path[:tag][@digest]`, as a Dockerfile's FROM names it), or
 * undefined when it is none (a variable left unexpanded, a malformed name).
 */
export function parsePullReference(ref: string): ImageReference | undefined {
  const at = ref.indexOf('@');
  const digest = at < 0 ? undefined : ref.slice(at + 1);
  const named = at < 0 ? ref : ref.slice(0, at);
  const colon = named.lastIndexOf(':');
  const tag = colon > named.lastIndexOf('/') ? named.slice(colon + 1) : undefined;
  const name = tag === undefined ? named : named.slice(0, colon);
  if (!NAME.test(name) || (digest !== undefined && !/^sha256:[0-9a-f]{64}$/.test(digest))) return undefined;
  const { registry, path } = parseImageName(name);
  const repository = registry === 'docker.io' && !path.includes('/') ? `library/${path}` : path;
  return { registry, repository, reference: digest ?? tag ?? 'latest' };
}

/** The image name of a metadata-action images entry (`name`, `name=<n>,enable=<bool>`, `<n>,enable=...`); undefined when the line does not parse. */
export function imageEntryName(entry: string): string | undefined {
  try {
    return parseImageLine(entry).name;
  } catch {
    return undefined;
  }
}

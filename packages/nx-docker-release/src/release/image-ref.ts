import { ReleaseError } from './release-error';

// The reference grammar of distribution/reference (docker/distribution reference/regexp.go),
// restricted to a name without tag or digest: [domain/]path-component(/path-component)*
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domain = `(?:${domainComponent}(?:\\.${domainComponent})*(?::[0-9]+)?|\\[[a-fA-F0-9:]+\\](?::[0-9]+)?)`;
const pathComponent = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const NAME = new RegExp(`^(?:${domain}/)?${pathComponent}(?:/${pathComponent})*$`);

export interface ImageName {
  /** Registry host as docker login expects it (docker.io when the name has none). */
  registry: string;
  /** Repository path inside the registry. */
  path: string;
}

/** Splits an image name the way docker does: the first part is a host only if it looks like one. */
export function parseImageName(name: string, option = 'images'): ImageName {
  if (!NAME.test(name) || name.length > 255) {
    throw new ReleaseError(
      `${option}: "${name}" is not a valid image name (lowercase path components separated by "/", optional registry host, no tag)`,
    );
  }
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  if (first && (first.includes('.') || first.includes(':') || first === 'localhost' || first.startsWith('['))) {
    return { registry: first, path: name.slice(slash + 1) };
  }
  return { registry: 'docker.io', path: name };
}

/** Puts an image under another registry host, keeping its repository path. */
export function withRegistry(name: string, registry: string): string {
  return `${registry}/${parseImageName(name).path}`;
}

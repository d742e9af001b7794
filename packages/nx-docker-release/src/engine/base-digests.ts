import type { Logger } from '../log/redacting-logger';
import { ReleaseError } from '../release/release-error';
import { parsePullReference } from '../release/image-ref';
import type { Runner } from '../release/runner';
import type { BaseDigest } from '../release/types';
import { dockerConfigCredentials } from './docker-credentials';
import { ManifestDigestError, RegistryAuthError, type Credentials, type RegistryApi } from './registry-client';
import { loggedRegistryClient, type LoginCredentials } from './registry-clients';

export interface BaseReadDeps {
  run: Runner;
  /** The environment credential helpers run with (no password variable in it). */
  env: Record<string, string | undefined>;
  log: Logger;
  /** The login option's credentials, each for its own registry; other registries use the docker config. */
  logins: readonly LoginCredentials[];
  /** Makes a registry client; a spec passes an in-memory one. */
  client?: (registry: string, credentials: Credentials | undefined) => RegistryApi;
}

// A base read is one request before anything else happens: retried briefly, not for minutes.
const BASE_RETRY = { attempts: 2, minDelayMs: 200, maxDelayMs: 1000 };

/**
 * Reads the manifest each base image's tag points at now (no pull, no layer), with the release's
 * credentials for that registry: a patched base tag gives another digest, and so another content
 * key. A registry that refuses the credentials throws (RegistryAuthError, naming the image and
 * the variable); one that cannot be reached or does not hold the image is reported unreadable.
 */
export async function resolveBaseDigests(bases: readonly string[], deps: BaseReadDeps): Promise<BaseDigest[]> {
  const clients = new Map<string, Promise<RegistryApi>>();
  const clientFor = (registry: string): Promise<RegistryApi> => {
    let client = clients.get(registry);
    if (!client) {
      const login = deps.logins.find((l) => l.registry === registry);
      client = (login ? Promise.resolve(login) : dockerConfigCredentials(registry, deps.env, deps.run)).then((credentials) =>
        deps.client ? deps.client(registry, credentials) : loggedRegistryClient(registry, credentials, BASE_RETRY, deps.log),
      );
      clients.set(registry, client);
    }
    return client;
  };
  return Promise.all(
    bases.map(async (image): Promise<BaseDigest> => {
      const ref = parsePullReference(image);
      if (!ref) return { image, unreadable: 'not an image reference' };
      if (ref.reference.startsWith('sha256:')) return { image, digest: ref.reference };
      try {
        const manifest = await (await clientFor(ref.registry)).getManifest(ref.repository, ref.reference);
        return manifest ? { image, digest: manifest.digest } : { image, unreadable: 'the registry does not hold it' };
      } catch (err) {
        if (err instanceof RegistryAuthError) throw new RegistryAuthError(`base image ${image}: ${err.message}`);
        // A registry that names other bytes than it sends is not one to build from: stop here, not in BuildKit.
        if (err instanceof ManifestDigestError) throw new ReleaseError(`base image ${image}: ${deps.log.redact(err.message)}`);
        return { image, unreadable: deps.log.redact((err as Error).message) };
      }
    }),
  );
}

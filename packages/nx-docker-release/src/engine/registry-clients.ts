import type { Logger } from '../log/redacting-logger';
import type { PublishStep } from '../release/types';
import type { ApplySession } from './apply-session';
import { dockerConfigCredentials } from './docker-credentials';
import type { ClientFactory } from './publish';
import { RegistryClient, type Credentials, type RegistryApi } from './registry-client';
import type { RetryPolicy } from './retry';

/**
 * A registry client whose secrets the log knows: the password, the `user:password` pair (and so
 * its base64 Basic header), every bearer token it obtains; retries are logged as warnings. Every
 * client of a release is made here, for target and base-image registries alike.
 */
export function loggedRegistryClient(registry: string, credentials: Credentials | undefined, retry: RetryPolicy, log: Logger): RegistryClient {
  log.addSecret(credentials?.password);
  if (credentials) log.addSecret(`${credentials.username}:${credentials.password}`);
  return new RegistryClient({ registry, credentials, retry, onRetry: (m) => log.warn(`retry: ${m}`), onSecret: (t) => log.addSecret(t) });
}

export interface PublishClients {
  /** The client of one publish target's registry. */
  clients: ClientFactory;
  /** The credentials each registry was given: what cosign signs with, for that registry only. */
  auths: ReadonlyMap<string, { username: string; password: string }>;
}

/**
 * One registry client per registry of the publish targets, credentials resolved up front: the
 * login option's variables for its registry, else what the user's docker config holds (which may
 * run a credential helper, with the children's environment: no password variable in it).
 */
export async function publishClients(step: PublishStep, s: ApplySession): Promise<PublishClients> {
  const logins = loginCredentials(step, s.env, s.log);
  const auths = new Map<string, { username: string; password: string }>();
  const make = s.registryClient ?? ((registry: string, credentials: Credentials | undefined, retry: RetryPolicy) => loggedRegistryClient(registry, credentials, retry, s.log));
  const registries = [...new Set(step.targets.map((t) => t.registry))];
  const resolved = await Promise.all(
    registries.map(async (registry): Promise<[string, RegistryApi]> => {
      const login = logins.find((c) => c.registry === registry);
      const credentials = login ? { username: login.username, password: login.password, passwordEnv: login.passwordEnv } : await dockerConfigCredentials(registry, s.childEnv, s.run);
      if (credentials) auths.set(registry, { username: credentials.username, password: credentials.password });
      return [registry, make(registry, credentials, step.retry)];
    }),
  );
  const byRegistry = new Map(resolved);
  const clients = (registry: string): RegistryApi => {
    const client = byRegistry.get(registry);
    if (!client) throw new Error(`no registry client for ${registry}: not a publish target`);
    return client;
  };
  return { clients, auths };
}

/** A login option's credentials, read from its variables: for its own registry only. */
export interface LoginCredentials extends Credentials {
  registry: string;
}

/** The login option's registries with their credentials (every value registered with the log). */
export function loginCredentials(step: Pick<PublishStep, 'credentials'>, env: Record<string, string | undefined>, log: Logger): LoginCredentials[] {
  return step.credentials.map((c) => {
    const password = env[c.passwordEnv] ?? '';
    const username = env[c.usernameEnv] ?? '';
    log.addSecret(password);
    return { registry: c.registry, username, password, passwordEnv: c.passwordEnv };
  });
}

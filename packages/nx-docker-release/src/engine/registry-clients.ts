import type { Logger } from '../log/redacting-logger';
import { RegistryClient, type Credentials } from './registry-client';
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

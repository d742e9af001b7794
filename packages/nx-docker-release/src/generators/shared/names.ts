/** Naming rules the generators check before writing anything. */

/** The executor's own rules (environment variable names, platforms, credential-looking names). */
export { ENV_NAME, PLATFORM, SECRET_LOOKING } from '../../release/names';

/** host or host:port, where docker reads the first path component as a registry. */
export function isRegistryHost(value: string): boolean {
  const hostLike = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::[0-9]+)?|\[[0-9a-fA-F:]+\](?::[0-9]+)?)$/;
  return hostLike.test(value) && (value.includes('.') || value.includes(':') || value === 'localhost');
}

/** A repository path: lowercase components separated by `/` (distribution/reference grammar). */
export const REPOSITORY_PATH = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

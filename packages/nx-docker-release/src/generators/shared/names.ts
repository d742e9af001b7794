/** Naming rules the generators check before writing anything. */

/** An environment variable name, as the executor's login/secrets options require. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Names that carry credentials: one rule for the executor and the generators. */
export { SECRET_LOOKING } from '../../release/secret-names';

/** host or host:port, where docker reads the first path component as a registry. */
export function isRegistryHost(value: string): boolean {
  const hostLike = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::[0-9]+)?|\[[0-9a-fA-F:]+\](?::[0-9]+)?)$/;
  return hostLike.test(value) && (value.includes('.') || value.includes(':') || value === 'localhost');
}

/** A repository path: lowercase components separated by `/` (distribution/reference grammar). */
export const REPOSITORY_PATH = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

/** `os/arch[/variant]` */
export const PLATFORM = /^[a-z0-9_]+\/[a-z0-9_]+(\/[a-z0-9_]+)?$/;

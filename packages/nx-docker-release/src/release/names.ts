/** Naming rules the executor checks and the generators check before writing: one home for each. */

/** An environment variable name (login, secrets, sign options). */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `os/arch[/variant]` */
export const PLATFORM = /^[a-z0-9_]+\/[a-z0-9_]+(\/[a-z0-9_]+)?$/;

export { SECRET_LOOKING } from './secret-names';

/** The package, and the executor id every release target names (inferred, configured, generated). */
export const PLUGIN_NAME = 'nx-docker-release';
export const RELEASE_EXECUTOR = `${PLUGIN_NAME}:docker-release`;

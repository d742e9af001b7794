/** Naming rules the generators check before writing anything. */

/** The executor's own rules (environment variable names, platforms, credential-looking names). */
export { ENV_NAME, PLATFORM, SECRET_LOOKING } from '../../release/names';

/** Registry host and repository path grammar: the executor's own (distribution/reference). */
export { isRegistryHost, REPOSITORY_PATH } from '../../release/image-ref';

/**
 * Named build contexts (`--build-context name=value`). A value with a scheme (docker-image://,
 * oci-layout://, https://, git@...) is a remote or image source; anything else is a directory
 * relative to the workspace root, sent to BuildKit like the main context.
 */
const REMOTE = /^[a-z][a-z0-9+.-]*:\/\/|^git@/i;
export const BUILD_CONTEXT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The local directories among the named contexts, by name. */
export function localBuildContexts(contexts: Readonly<Record<string, string>> | undefined): [name: string, path: string][] {
  return Object.entries(contexts ?? {}).filter(([, value]) => typeof value === 'string' && !REMOTE.test(value));
}

/** The image a `docker-image://` context stands for, or undefined. */
export function buildContextImage(value: string): string | undefined {
  return value.startsWith('docker-image://') ? value.slice('docker-image://'.length) : undefined;
}

import { parsePullReference } from './image-ref';

/**
 * The registry a `--cache-from`/`--cache-to` entry reads or writes: `type=registry,ref=<image>`,
 * or a bare image reference (buildx's short form for a registry cache). Other cache types
 * (gha, local, s3, inline) name no registry.
 */
export function cacheRegistry(entry: string): string | undefined {
  const fields = entry.split(',').map((f) => f.trim());
  if (fields.length === 1 && !fields[0]?.includes('=')) return parsePullReference(fields[0] ?? '')?.registry;
  const value = (key: string): string | undefined => fields.find((f) => f.startsWith(`${key}=`))?.slice(key.length + 1);
  if ((value('type') ?? 'registry') !== 'registry') return undefined;
  const ref = value('ref');
  return ref === undefined ? undefined : parsePullReference(ref)?.registry;
}

/** The registries a build reads or writes besides its targets: its base images' and its registry caches'. */
export function buildRegistries(baseImages: readonly string[], caches: readonly string[]): string[] {
  const hosts = [...baseImages.map((b) => parsePullReference(b)?.registry), ...caches.map(cacheRegistry)];
  return [...new Set(hosts.filter((h): h is string => h !== undefined))];
}

/** A registry the build reads or writes besides the targets, what it goes there for, and with which login. */
export interface BuildRead {
  registry: string;
  /** The base images and cache refs in that registry, as written. */
  uses: string[];
  /** The login option's variables for it; none: the docker config's credentials, if any. */
  login?: { usernameEnv: string; passwordEnv: string };
}

/** The registries of the build's base images and registry caches, each with what it is read for and its login. */
export function buildReads(baseImages: readonly string[], caches: readonly string[], logins: readonly { registry: string; usernameEnv: string; passwordEnv: string }[]): BuildRead[] {
  const reads = new Map<string, BuildRead>();
  const add = (registry: string | undefined, use: string): void => {
    if (registry === undefined) return;
    const read = reads.get(registry) ?? { registry, uses: [] };
    const login = logins.find((l) => l.registry === registry);
    if (login) read.login = { usernameEnv: login.usernameEnv, passwordEnv: login.passwordEnv };
    if (!read.uses.includes(use)) read.uses.push(use);
    reads.set(registry, read);
  };
  baseImages.forEach((b) => add(parsePullReference(b)?.registry, b));
  caches.forEach((c) => add(cacheRegistry(c), `cache ${c}`));
  return [...reads.values()];
}

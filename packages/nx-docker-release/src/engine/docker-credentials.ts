import { join } from 'node:path';
import { readUserDockerConfig, userDockerConfigDir } from '../facts/user-docker-config';
import type { Credentials } from './registry-client';
import type { Runner } from '../release/runner';

interface DockerConfig {
  auths?: Record<string, { auth?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

/**
 * Without a `login` option, a registry the user already logged in to with `docker login` still
 * works, read-only and as the docker CLI resolves it: the registry's `credHelpers` entry, else
 * the `credsStore`, else the plain `auths` entry. A helper runs as `docker-credential-<name> get`
 * with the server address on stdin; its secret stays in memory like a login password.
 * Identity tokens (user `<token>`, an OAuth refresh token) are not supported: undefined.
 */
export async function dockerConfigCredentials(registry: string, env: Record<string, string | undefined>, run: Runner): Promise<Credentials | undefined> {
  const file = join(userDockerConfigDir(env), 'config.json');
  const config = readUserDockerConfig(env) as DockerConfig;
  const keys = registry === 'docker.io' ? ['https://index.docker.io/v1/', 'docker.io', 'index.docker.io'] : [registry, `https://${registry}`, `http://${registry}`];
  const helper = keys.map((k) => config.credHelpers?.[k]).find(Boolean) ?? config.credsStore;
  if (helper) {
    const fromHelper = await helperCredentials(helper, keys[0] ?? registry, env, run);
    if (fromHelper) return fromHelper;
  }
  const auth = keys.map((k) => config.auths?.[k]?.auth).find(Boolean);
  if (!auth) return undefined;
  const decoded = Buffer.from(auth, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), passwordEnv: `the docker config (${file})` };
}

async function helperCredentials(helper: string, server: string, env: Record<string, string | undefined>, run: Runner): Promise<Credentials | undefined> {
  if (!/^[A-Za-z0-9._-]+$/.test(helper)) return undefined; // a helper name, never a path or an argument
  const program = `docker-credential-${helper}`;
  const res = await run(program, ['get'], { input: server, env });
  if (res.exitCode !== 0) return undefined; // "credentials not found" or no such helper
  try {
    const parsed = JSON.parse(res.stdout) as { Username?: unknown; Secret?: unknown };
    if (typeof parsed.Username !== 'string' || typeof parsed.Secret !== 'string' || !parsed.Secret) return undefined;
    if (parsed.Username === '<token>') return undefined;
    return { username: parsed.Username, password: parsed.Secret, passwordEnv: `the docker credential helper ${program}` };
  } catch {
    return undefined;
  }
}

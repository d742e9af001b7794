import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Credentials } from './registry-client';

/**
 * Without a `login` option, a registry the user already logged in to with `docker login` still
 * works: the plain `auths` entry of their docker config is used, read-only. Credential helpers
 * (credsStore) are not run; use the `login` option there.
 */
export function dockerConfigCredentials(registry: string, env: Record<string, string | undefined>): Credentials | undefined {
  try {
    const file = join(env.DOCKER_CONFIG ?? join(homedir(), '.docker'), 'config.json');
    const config = JSON.parse(readFileSync(file, 'utf8')) as { auths?: Record<string, { auth?: string }> };
    const keys = registry === 'docker.io' ? ['https://index.docker.io/v1/', 'docker.io'] : [registry, `https://${registry}`, `http://${registry}`];
    const auth = keys.map((k) => config.auths?.[k]?.auth).find(Boolean);
    if (!auth) return undefined;
    const decoded = Buffer.from(auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), passwordEnv: `the docker config (${file})` };
  } catch {
    return undefined;
  }
}

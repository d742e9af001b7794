import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readUserDockerConfig, userDockerConfigDir } from '../../facts/user-docker-config';

/**
 * The DOCKER_CONFIG of the relayed build: the user's config (so private base images still pull
 * with their credentials, and their builder and contexts stay selected) plus a login for the
 * relay alone. `credHelpers[relay] = ""` sends the docker CLI to the `auths` entry for that
 * host even when a credsStore is set, so no helper is ever asked about the relay. Written into
 * the run's private 0700 directory, removed with it.
 */
export function relayDockerConfig(env: Record<string, string | undefined>, scratch: string, relayHost: string, username: string, password: string): string {
  const user = userDockerConfigDir(env);
  const dir = join(scratch, 'relay-docker-config');
  mkdirSync(dir, { mode: 0o700 });
  // No user config: only the relay entry.
  const config = readUserDockerConfig(env);
  const auths = { ...(config.auths as Record<string, unknown> | undefined), [relayHost]: { auth: Buffer.from(`${username}:${password}`).toString('base64') } };
  const credHelpers = { ...(config.credHelpers as Record<string, string> | undefined), [relayHost]: '' };
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...config, auths, credHelpers }), { mode: 0o600 });
  for (const shared of ['cli-plugins', 'buildx', 'contexts']) {
    if (existsSync(join(user, shared))) symlinkSync(join(user, shared), join(dir, shared));
  }
  return dir;
}

import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readUserDockerConfig, userDockerConfigDir } from '../facts/user-docker-config';

/** A registry's credentials as the engine's client is given them for one build. */
export interface RegistryAuth {
  registry: string;
  username: string;
  password: string;
}

/**
 * The DOCKER_CONFIG of one build: the user's config (their credential helpers, builders and
 * contexts stay as they are) plus the release's own credentials, each under its own registry's
 * key only, so BuildKit resolves and pulls private base images and reads or writes registry
 * caches with them, and the docker CLI never offers them to another host. `credHelpers[host] = ""`
 * sends the CLI to the `auths` entry for that host even when a credsStore is set. Written into
 * the run's private 0700 directory and removed with it (also on SIGINT/SIGTERM); nothing is ever
 * stored in the daemon.
 */
export function buildDockerConfig(env: Record<string, string | undefined>, scratch: string, auths: readonly RegistryAuth[], name = 'build-docker-config'): string {
  const user = userDockerConfigDir(env);
  const dir = join(scratch, name);
  mkdirSync(dir, { mode: 0o700 });
  const config = readUserDockerConfig(env);
  const entries = Object.fromEntries(auths.map((a) => [configKey(a.registry), { auth: Buffer.from(`${a.username}:${a.password}`).toString('base64') }]));
  const helpers = Object.fromEntries(auths.map((a) => [configKey(a.registry), '']));
  const merged = {
    ...config,
    auths: { ...(config.auths as Record<string, unknown> | undefined), ...entries },
    credHelpers: { ...(config.credHelpers as Record<string, string> | undefined), ...helpers },
  };
  writeFileSync(join(dir, 'config.json'), JSON.stringify(merged), { mode: 0o600 });
  for (const shared of ['cli-plugins', 'buildx', 'contexts']) {
    if (existsSync(join(user, shared))) symlinkSync(join(user, shared), join(dir, shared));
  }
  return dir;
}

/** The key the docker CLI looks a registry up by: Docker Hub has its historical URL. */
function configKey(registry: string): string {
  return registry === 'docker.io' ? 'https://index.docker.io/v1/' : registry;
}

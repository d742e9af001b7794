import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { userDockerConfigDir } from './user-docker-config';

// Where the docker CLI looks for plugins (docker/cli cli-plugins/manager/manager_unix.go).
const SYSTEM_PLUGIN_DIRS = ['/usr/local/lib/docker/cli-plugins', '/usr/local/libexec/docker/cli-plugins', '/usr/lib/docker/cli-plugins', '/usr/libexec/docker/cli-plugins'];

/**
 * Whether `docker buildx` exists, answered from the filesystem: a `docker buildx version` probe
 * costs ~0.2 s per run, a stat costs nothing.
 */
export function buildxAvailable(env: Record<string, string | undefined>): boolean {
  const userDir = join(userDockerConfigDir(env), 'cli-plugins');
  return [userDir, ...SYSTEM_PLUGIN_DIRS].some((dir) => existsSync(join(dir, 'docker-buildx')));
}

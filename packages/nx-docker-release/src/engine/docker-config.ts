import { existsSync, mkdtempSync, rmSync, symlinkSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { userDockerConfigDir } from '../facts/user-docker-config';
import { markRunDirectory, RUN_DIR_PREFIX } from './stale-runs';

export interface TempDockerConfig {
  /** Private directory (0700): DOCKER_CONFIG for every docker call, plus the run's scratch files. */
  dir: string;
  remove(): void;
}

/**
 * A throw-away DOCKER_CONFIG so `docker login` never writes the user's ~/.docker/config.json.
 * The user's CLI plugins (e.g. buildx in ~/.docker/cli-plugins) stay visible through a symlink.
 */
export function createTempDockerConfig(env: Record<string, string | undefined>): TempDockerConfig {
  const dir = mkdtempSync(join(tmpdir(), RUN_DIR_PREFIX));
  chmodSync(dir, 0o700);
  // A run killed before `remove` leaves this directory: the next run sweeps it (stale-runs).
  markRunDirectory(dir);
  const userPlugins = join(userDockerConfigDir(env), 'cli-plugins');
  if (existsSync(userPlugins)) symlinkSync(userPlugins, join(dir, 'cli-plugins'));
  let removed = false;
  const remove = (): void => {
    if (removed) return;
    removed = true;
    rmSync(dir, { recursive: true, force: true });
  };
  // Also on Ctrl-C or a CI cancel: the login file holds a credential.
  const onSignal = (signal: NodeJS.Signals): void => {
    remove();
    process.kill(process.pid, signal);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    dir,
    remove() {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      remove();
    },
  };
}

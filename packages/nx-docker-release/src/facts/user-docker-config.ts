import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

type Env = Record<string, string | undefined>;

/** The user's docker CLI configuration directory, as the CLI finds it: $DOCKER_CONFIG, else ~/.docker. */
export function userDockerConfigDir(env: Env): string {
  return env.DOCKER_CONFIG || join(homedir(), '.docker');
}

/** The user's config.json as an object; none (or not JSON) is an empty one, as the CLI treats it. */
export function readUserDockerConfig(env: Env): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(userDockerConfigDir(env), 'config.json'), 'utf8'));
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

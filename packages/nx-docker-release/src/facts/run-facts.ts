import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import type { RunInfo } from '../release/provenance';

/**
 * Where this run happens, as provenance names its builder: the CI run's URL (GitHub Actions run
 * and attempt, a GitLab job), else this plugin on a developer machine.
 */
export function runInfo(env: Record<string, string | undefined>): RunInfo {
  const { GITHUB_ACTIONS, GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT, GITLAB_CI, CI_JOB_URL, CI_JOB_ID } = env;
  if (GITHUB_ACTIONS === 'true' && GITHUB_REPOSITORY && GITHUB_RUN_ID) {
    const run = `${GITHUB_SERVER_URL ?? 'https://github.com'}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`;
    return { builderId: `${run}/attempts/${GITHUB_RUN_ATTEMPT ?? '1'}`, invocationId: `${GITHUB_RUN_ID}-${GITHUB_RUN_ATTEMPT ?? '1'}` };
  }
  if (GITLAB_CI === 'true' && CI_JOB_URL) return { builderId: CI_JOB_URL, ...(CI_JOB_ID ? { invocationId: CI_JOB_ID } : {}) };
  return { builderId: 'urn:nx-docker-release:local' };
}

/** Whether a program can be started: an absolute path that is executable, or a name found on PATH. */
export function programAvailable(program: string, env: Record<string, string | undefined>): boolean {
  const candidates =
    isAbsolute(program) || program.includes('/')
      ? [program]
      : (env.PATH ?? '')
          .split(delimiter)
          .filter(Boolean)
          .map((dir) => join(dir, program));
  return candidates.some((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

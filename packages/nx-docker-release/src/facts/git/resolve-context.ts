import { readFileSync } from 'node:fs';
import type { Runner } from '../../release/runner';
import { githubActionsContext } from './github-actions';
import { gitlabCiContext } from './gitlab-ci';
import { localGitContext } from './local-git';
import type { GitContext } from '../../release/git-context';
import { ReleaseError } from '../../release/release-error';

type Env = Record<string, string | undefined>;

/** Picks the provider from the environment: GitHub Actions, GitLab CI, else the local clone. */
export async function resolveGitContext(env: Env, run: Runner, cwd: string, needCommitDate = true): Promise<GitContext> {
  if (env.GITHUB_ACTIONS === 'true' && env.GITHUB_SHA) {
    return githubActionsContext(env, readPayload(env.GITHUB_EVENT_PATH));
  }
  if (env.GITLAB_CI === 'true' && env.CI_COMMIT_SHA) {
    return gitlabCiContext(env);
  }
  return localGitContext(run, cwd, env, needCommitDate);
}

function readPayload(path: string | undefined): Record<string, unknown> {
  if (!path) return {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch (err) {
    throw new ReleaseError(`GITHUB_EVENT_PATH: cannot read the event payload ${path}: ${(err as Error).message}`, { cause: err });
  }
}

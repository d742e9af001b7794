import { readPath, readString } from '../../metadata/payload';
import type { GitContext } from '../git-context';
import type { Value } from './evaluate';

type Env = Record<string, string | undefined>;

/**
 * The `github` context as a workflow step sees it, rebuilt from the run's facts (GitHub Actions,
 * GitLab CI or a local checkout), so expressions kept in a target read the same values there.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/contexts#github-context
 */
export function githubContext(git: GitContext, env: Env): Value {
  const isPr = readPath(git.payload, ['pull_request']) !== undefined;
  const refName = git.ref.replace(/^refs\/(heads|tags|pull)\//, '');
  // Outside Actions (a local run, another CI) GITHUB_REPOSITORY may still say which repository this is.
  const repository = git.repository || env['GITHUB_REPOSITORY'] || '';
  const slash = repository.lastIndexOf('/');
  return {
    event_name: git.eventName,
    event: git.payload as Value,
    ref: git.ref,
    ref_name: refName,
    ref_type: git.ref.startsWith('refs/tags/') ? 'tag' : git.ref ? 'branch' : '',
    sha: git.sha,
    repository,
    repository_owner: slash > 0 ? repository.slice(0, slash) : '',
    head_ref: isPr ? (readString(git.payload, ['pull_request', 'head', 'ref']) ?? '') : '',
    base_ref: isPr ? (readString(git.payload, ['pull_request', 'base', 'ref']) ?? '') : '',
    actor: env['GITHUB_ACTOR'] ?? env['GITLAB_USER_LOGIN'] ?? '',
    run_id: env['GITHUB_RUN_ID'] ?? env['CI_PIPELINE_ID'] ?? '',
    run_number: env['GITHUB_RUN_NUMBER'] ?? env['CI_PIPELINE_IID'] ?? '',
    run_attempt: env['GITHUB_RUN_ATTEMPT'] ?? '1',
    server_url: env['GITHUB_SERVER_URL'] ?? env['CI_SERVER_URL'] ?? 'https://github.com',
    workflow: env['GITHUB_WORKFLOW'] ?? '',
  };
}

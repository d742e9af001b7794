import type { GitContext } from '../../release/git-context';

type Env = Record<string, string | undefined>;

/**
 * GitLab CI facts from its predefined variables, mapped onto GitHub's event vocabulary so the
 * same tag rules work: tag and branch pipelines are `push`, merge requests `pull_request`.
 * https://docs.gitlab.com/ci/variables/predefined_variables/
 */
export function gitlabCiContext(env: Env): GitContext {
  const mr = env.CI_MERGE_REQUEST_IID;
  const tag = env.CI_COMMIT_TAG;
  const branch = env.CI_COMMIT_BRANCH ?? env.CI_COMMIT_REF_NAME;
  const source = env.CI_PIPELINE_SOURCE ?? '';
  const eventName = mr ? 'pull_request' : source === 'schedule' ? 'schedule' : 'push';
  const ref = mr ? `refs/pull/${mr}/merge` : tag ? `refs/tags/${tag}` : branch ? `refs/heads/${branch}` : '';
  const defaultBranch = env.CI_DEFAULT_BRANCH;
  const payload: Record<string, unknown> = { repository: { default_branch: defaultBranch } };
  if (mr) {
    payload.number = Number(mr);
    payload.pull_request = {
      number: Number(mr),
      base: { ref: env.CI_MERGE_REQUEST_TARGET_BRANCH_NAME },
      head: { ref: env.CI_MERGE_REQUEST_SOURCE_BRANCH_NAME, sha: env.CI_MERGE_REQUEST_SOURCE_BRANCH_SHA || env.CI_COMMIT_SHA },
    };
  }
  return {
    provider: 'gitlab-ci',
    eventName,
    ref,
    sha: env.CI_COMMIT_SHA ?? '',
    commitDate: env.CI_COMMIT_TIMESTAMP,
    payload,
    repo: {
      name: env.CI_PROJECT_NAME,
      description: env.CI_PROJECT_DESCRIPTION,
      html_url: env.CI_PROJECT_URL,
      default_branch: defaultBranch,
      license: null,
    },
    ...(env.CI_PROJECT_PATH ? { repository: env.CI_PROJECT_PATH } : {}),
    tagsAtCommit: tag ? [tag] : [],
  };
}

import { resolveWorkflowContext } from '../../metadata/workflow-context';
import type { Runner } from '../../release/runner';
import { githubActionsContext } from './github-actions';
import { gitlabCiContext } from './gitlab-ci';
import { localGitContext, repoFromRemote } from './local-git';

const SHA = '0123456789abcdef0123456789abcdef01234567';

describe('githubActionsContext', () => {
  it('reads ref, sha, commit date and repository facts from env and payload (no API)', () => {
    const ctx = githubActionsContext(
      { GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/tags/backend@1.2.3', GITHUB_SHA: SHA },
      {
        head_commit: { id: SHA, timestamp: '2026-11-20T10:00:00+01:00' },
        repository: { name: 'kyma-companion', description: 'Companion', html_url: 'https://github.com/kyma-project/kyma-companion', default_branch: 'main', license: { spdx_id: 'Apache-2.0' } },
      },
    );
    expect(ctx).toMatchObject({
      provider: 'github-actions',
      eventName: 'push',
      ref: 'refs/tags/backend@1.2.3',
      sha: SHA,
      repo: { name: 'kyma-companion', license: { spdx_id: 'Apache-2.0' }, default_branch: 'main' },
      tagsAtCommit: ['backend@1.2.3'],
    });
    expect(ctx.repository).toBeUndefined();
    // The date is the metadata engine's to read from the payload, after its rewrites, as upstream does.
    expect(ctx.commitDate).toBeUndefined();
    expect(resolveWorkflowContext(ctx, {}, new Date(0)).commitDate.toISOString()).toBe('2026-11-20T09:00:00.000Z');
  });

  it('names the repository from GITHUB_REPOSITORY, else the payload full_name', () => {
    expect(githubActionsContext({ GITHUB_REPOSITORY: 'Acme/App' }, { repository: { full_name: 'other/x' } }).repository).toBe('Acme/App');
    expect(githubActionsContext({}, { repository: { full_name: 'acme/app' } }).repository).toBe('acme/app');
  });

  it('keeps GITHUB_REF and GITHUB_SHA as the runner set them (the metadata engine rewrites pull_request_target itself)', () => {
    const payload = { number: 42, pull_request: { head: { sha: 'f'.repeat(40) } } };
    const ctx = githubActionsContext({ GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_REF: 'refs/heads/main', GITHUB_SHA: SHA, DOCKER_METADATA_PR_HEAD_SHA: 'true' }, payload);
    expect(ctx.ref).toBe('refs/heads/main');
    expect(ctx.sha).toBe(SHA);
  });
});

describe('gitlabCiContext', () => {
  it.each([
    [{ CI_COMMIT_TAG: '1.2.3' }, 'push', 'refs/tags/1.2.3'],
    [{ CI_COMMIT_BRANCH: 'main' }, 'push', 'refs/heads/main'],
    [{ CI_COMMIT_BRANCH: 'main', CI_PIPELINE_SOURCE: 'schedule' }, 'schedule', 'refs/heads/main'],
    [{ CI_MERGE_REQUEST_IID: '7', CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main' }, 'pull_request', 'refs/pull/7/merge'],
  ])('%j -> %s %s', (vars, eventName, ref) => {
    const ctx = gitlabCiContext({
      GITLAB_CI: 'true',
      CI_COMMIT_SHA: SHA,
      CI_DEFAULT_BRANCH: 'main',
      CI_PROJECT_NAME: 'app',
      CI_PROJECT_URL: 'https://gitlab.com/g/app',
      CI_PROJECT_PATH: 'g/sub/app',
      ...vars,
    });
    expect(ctx).toMatchObject({ provider: 'gitlab-ci', eventName, ref, sha: SHA, repository: 'g/sub/app', repo: { name: 'app', html_url: 'https://gitlab.com/g/app', default_branch: 'main' } });
  });
});

describe('localGitContext', () => {
  const fakeGit = (log: string, origin = 'git@github.com:kyma-project/kyma-companion.git'): Runner =>
    jest.fn(async (_file: string, args: readonly string[]) => {
      if (args[0] === 'log') return { exitCode: 0, stdout: log, stderr: '' };
      if (args[0] === 'config') return { exitCode: 0, stdout: origin, stderr: '' };
      return { exitCode: 1, stdout: '', stderr: '' };
    });

  it('takes branch and tags from the decorations of HEAD', async () => {
    const ctx = await localGitContext(fakeGit(`${SHA}\n2026-11-20T10:00:00+00:00\nHEAD -> main, tag: backend@1.2.3, tag: other@2.0.0, origin/main`), '/ws');
    expect(ctx).toMatchObject({
      provider: 'git',
      eventName: 'push',
      ref: 'refs/heads/main',
      sha: SHA,
      tagsAtCommit: ['backend@1.2.3', 'other@2.0.0'],
      repository: 'kyma-project/kyma-companion',
      repo: { name: 'kyma-companion', html_url: 'https://github.com/kyma-project/kyma-companion', default_branch: 'main' },
    });
  });

  it('uses a tag ref on a detached HEAD', async () => {
    const ctx = await localGitContext(fakeGit(`${SHA}\n2026-11-20T10:00:00+00:00\nHEAD, tag: 1.2.3`), '/ws');
    expect(ctx.ref).toBe('refs/tags/1.2.3');
  });
});

describe('repoFromRemote', () => {
  it.each([
    ['https://github.com/o/r.git', 'https://github.com/o/r', 'r'],
    ['https://user:token@github.com/o/r', 'https://github.com/o/r', 'r'],
    ['ssh://git@gitlab.example.com:22/g/sub/r.git', 'https://gitlab.example.com/g/sub/r', 'r'],
    ['git@github.com:o/r.git', 'https://github.com/o/r', 'r'],
  ])('%s -> %s', (url, html, name) => {
    expect(repoFromRemote(url, 'main')).toEqual({ name, html_url: html, default_branch: 'main' });
  });

  it('returns null for a local path', () => {
    expect(repoFromRemote('/srv/repos/r.git', 'main')).toBeNull();
  });
});

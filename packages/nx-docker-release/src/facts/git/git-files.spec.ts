import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Runner } from '../../release/runner';
import { originUrlFrom, plainGitDir, readRemoteFacts as fromGitDir } from './git-files';

const readRemoteFacts = (cwd: string, env: Record<string, string>) => {
  const gitDir = plainGitDir(cwd, env);
  return gitDir ? fromGitDir(gitDir) : undefined;
};
import { localGitContext } from './local-git';

const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

describe('readRemoteFacts (from .git, checked against git itself)', () => {
  it.each([
    ['https://github.com/o/r.git', 'trunk'],
    ['git@gitlab.example.com:group/sub/r.git', 'main'],
    ['ssh://git@host:2222/with space/r', 'release/v1'],
  ])('%s with origin/HEAD -> %s', (url, branch) => {
    const repo = mkdtempSync(join(tmpdir(), 'git-files-'));
    git(repo, 'init', '-q');
    git(repo, 'remote', 'add', 'origin', url);
    git(repo, 'symbolic-ref', 'refs/remotes/origin/HEAD', `refs/remotes/origin/${branch}`);
    mkdirSync(join(repo, 'nested/dir'), { recursive: true });
    const facts = readRemoteFacts(join(repo, 'nested/dir'), {});
    expect(facts).toEqual({ originUrl: git(repo, 'config', '--get', 'remote.origin.url'), defaultBranch: git(repo, 'symbolic-ref', '--short', 'refs/remotes/origin/HEAD').replace(/^origin\//, '') });
  });

  it('has no default branch without origin/HEAD and no URL without origin', () => {
    const repo = mkdtempSync(join(tmpdir(), 'git-files-'));
    git(repo, 'init', '-q');
    expect(readRemoteFacts(repo, {})).toEqual({ originUrl: undefined, defaultBranch: undefined });
  });

  it('leaves unusual layouts to git: a .git file (worktree), GIT_DIR, config includes', () => {
    const worktree = mkdtempSync(join(tmpdir(), 'git-files-'));
    writeFileSync(join(worktree, '.git'), 'gitdir: /elsewhere/.git/worktrees/x\n');
    expect(readRemoteFacts(worktree, {})).toBeUndefined();
    const repo = mkdtempSync(join(tmpdir(), 'git-files-'));
    git(repo, 'init', '-q');
    expect(readRemoteFacts(repo, { GIT_DIR: '/other' })).toBeUndefined();
    git(repo, 'config', 'include.path', '/etc/shared-gitconfig');
    expect(readRemoteFacts(repo, {})).toBeUndefined();
  });
});

describe('originUrlFrom', () => {
  it.each([
    ['[remote "origin"]\n\turl = https://a/b # comment\n', 'https://a/b'],
    ['[remote "origin"]\n\tURL = "https://a/quoted ; b"\n', 'https://a/quoted ; b'],
    ['[remote "origin"]\n\turl = first\n\turl = second\n', 'second'],
    ['[remote "upstream"]\n\turl = https://up\n[remote "origin"]\n\tfetch = +refs/heads/*\n', undefined],
    ['[remote.origin]\n\turl = legacy-syntax\n', 'legacy-syntax'],
    ['[includeIf "gitdir:~/work/"]\n\tpath = x\n', null],
    ['[remote "origin"] url = same-line\n', null],
  ])('%j -> %j', (config, expected) => {
    expect(originUrlFrom(config)).toBe(expected);
  });
});

describe('localGitContext with a plain .git directory', () => {
  it('runs git once (log) and reads origin from the files', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'git-files-'));
    git(repo, 'init', '-q');
    git(repo, 'remote', 'add', 'origin', 'https://github.com/kyma-project/kyma-companion.git');
    git(repo, 'symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/trunk');
    const calls: string[] = [];
    const run: Runner = async (_file, args) => {
      calls.push(args.join(' '));
      return { exitCode: 0, stdout: `${'a'.repeat(40)}\n2026-11-20T10:00:00+00:00\nHEAD -> trunk`, stderr: '' };
    };
    const ctx = await localGitContext(run, repo, {});
    expect(calls).toEqual(['log -1 --format=%H%n%cI%n%D HEAD']);
    expect(ctx.repo).toEqual({ name: 'kyma-companion', html_url: 'https://github.com/kyma-project/kyma-companion', default_branch: 'trunk' });
    expect(ctx.payload).toEqual({ repository: { default_branch: 'trunk' } });
  });
});

import type { Runner } from '../../release/runner';
import { ReleaseError } from '../../release/release-error';
import { plainGitDir, readRemoteFacts } from './git-files';
import { readHead, type HeadFacts } from './git-head';
import type { GitContext, RepoInfo } from '../../release/git-context';

/**
 * Facts from the local clone, for runs outside a known CI. In a plain clone they are read from
 * `.git` (HEAD, refs, config) without starting git, unless a template needs the commit date;
 * otherwise one git call gives sha, commit date and decorations (branch and tags at HEAD), and
 * two more the origin URL and its default branch when the layout is unusual.
 */
export async function localGitContext(run: Runner, cwd: string, env: Record<string, string | undefined> = {}, needCommitDate = true): Promise<GitContext> {
  const gitDir = plainGitDir(cwd, env);
  const files = gitDir ? readRemoteFacts(gitDir) : undefined;
  const fromFiles = gitDir && !needCommitDate ? readHead(gitDir) : undefined;
  // Independent reads, started together.
  const [commit, originUrl, defaultBranch] = await Promise.all([
    fromFiles ? { ...fromFiles, commitDate: undefined } : headFromGit(run, cwd),
    files ? (files.originUrl ?? '') : originFromGit(run, cwd),
    files ? (files.defaultBranch ?? 'main') : originDefaultBranch(run, cwd),
  ]);
  const { sha, branch, tags, commitDate } = commit;
  return {
    provider: 'git',
    eventName: 'push',
    ref: branch ? `refs/heads/${branch}` : tags[0] ? `refs/tags/${tags[0]}` : '',
    sha,
    commitDate,
    payload: { repository: { default_branch: defaultBranch } },
    repo: repoFromRemote(originUrl, defaultBranch),
    ...repositoryPath(originUrl),
    tagsAtCommit: tags,
  };
}

/** One log line: sha, commit date and the decorations (`HEAD -> branch, tag: x, ...`). */
async function headFromGit(run: Runner, cwd: string): Promise<HeadFacts & { commitDate?: string }> {
  const log = await run('git', ['log', '-1', '--format=%H%n%cI%n%D', 'HEAD'], { cwd });
  if (log.exitCode !== 0) {
    const reason = log.stderr.trim().split('\n')[0] ?? '';
    throw new ReleaseError(`no commit to release: git log failed in ${cwd} (${reason}); commit first, or run in CI`);
  }
  const [sha = '', commitDate = '', decorations = ''] = log.stdout.split('\n');
  const parts = decorations
    .split(', ')
    .map((p) => p.trim())
    .filter(Boolean);
  const head = parts.find((p) => p.startsWith('HEAD -> '));
  return {
    sha,
    commitDate: commitDate || undefined,
    branch: head ? head.slice('HEAD -> '.length) : undefined,
    tags: parts.filter((p) => p.startsWith('tag: ')).map((p) => p.slice('tag: '.length)),
  };
}

async function originFromGit(run: Runner, cwd: string): Promise<string> {
  const res = await run('git', ['config', '--get', 'remote.origin.url'], { cwd });
  return res.exitCode === 0 ? res.stdout.trim() : '';
}

async function originDefaultBranch(run: Runner, cwd: string): Promise<string> {
  const res = await run('git', ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'], { cwd });
  return res.exitCode === 0 && res.stdout.trim() ? res.stdout.trim().replace(/^origin\//, '') : 'main';
}

/** owner/name of the origin URL, as GITHUB_REPOSITORY names it. */
function repositoryPath(originUrl: string): { repository?: string } {
  const url = repoFromRemote(originUrl, '')?.html_url;
  const path = url ? new URL(url).pathname.replace(/^\//, '') : '';
  return path ? { repository: path } : {};
}

/** https://host/owner/name from an https or scp-like remote URL, without credentials. */
export function repoFromRemote(url: string, defaultBranch: string): RepoInfo | null {
  const scp = /^[^@/]+@([^:/]+):(.+?)(?:\.git)?\/?$/.exec(url);
  let host: string | undefined;
  let path: string | undefined;
  if (scp) {
    [, host, path] = scp;
  } else {
    try {
      const parsed = new URL(url);
      if (!['http:', 'https:', 'ssh:', 'git:'].includes(parsed.protocol)) return null;
      host = parsed.host.replace(/:22$/, '');
      path = parsed.pathname.replace(/^\//, '').replace(/\.git\/?$/, '');
    } catch {
      return null;
    }
  }
  if (!host || !path) return null;
  const name = path.split('/').pop() ?? '';
  return { name, html_url: `https://${host}/${path}`, default_branch: defaultBranch };
}

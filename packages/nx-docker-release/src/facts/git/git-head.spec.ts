import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProcess, type Runner } from '../../engine/runner';
import { readHead, type HeadFacts } from './git-head';
import { localGitContext } from './local-git';

const ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@x', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@x' };

function repo(): { dir: string; git: (...args: string[]) => string; commit: (msg: string) => void } {
  const dir = mkdtempSync(join(tmpdir(), 'git-head-'));
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: ENV }).trim();
  git('init', '-q', '--initial-branch=main');
  const commit = (msg: string): void => {
    writeFileSync(join(dir, 'f'), msg);
    git('add', '-A');
    git('commit', '-qm', msg);
  };
  return { dir, git, commit };
}

/** What git itself says about HEAD (`%D` decorations), in the same shape. */
function fromGit(git: (...args: string[]) => string): HeadFacts {
  const [sha = '', decorations = ''] = git('log', '-1', '--format=%H%n%D').split('\n');
  const parts = decorations.split(', ').filter(Boolean);
  const head = parts.find((p) => p.startsWith('HEAD -> '));
  return { sha, branch: head?.slice('HEAD -> '.length), tags: parts.filter((p) => p.startsWith('tag: ')).map((p) => p.slice(5)) };
}

function tagged(): ReturnType<typeof repo> {
  const r = repo();
  r.commit('one');
  r.git('tag', 'old-light');
  r.git('tag', '-a', '-m', 'm', 'old-annotated');
  r.commit('two');
  r.git('tag', 'backend@1.2.3');
  r.git('tag', '-a', '-m', 'm', 'svc/notifier@2.0.0');
  r.git('tag', '-a', '-m', 'm', '1.0.0');
  r.git('tag', '-a', '-m', 'nested', 'nested', '1.0.0'); // a tag of a tag
  return r;
}

describe('readHead (from .git, checked against git log %D)', () => {
  it('branch, lightweight, annotated and nested tags with loose refs and objects', () => {
    const r = tagged();
    const facts = readHead(join(r.dir, '.git'));
    expect(facts).toEqual(fromGit(r.git));
    expect(facts?.tags).toEqual(['svc/notifier@2.0.0', 'nested', 'backend@1.2.3', '1.0.0']);
  });

  it('after git pack-refs (peeled lines) and after git gc (packed objects)', () => {
    const r = tagged();
    r.git('pack-refs', '--all');
    expect(readHead(join(r.dir, '.git'))).toEqual(fromGit(r.git));
    r.git('gc', '-q');
    expect(readHead(join(r.dir, '.git'))).toEqual(fromGit(r.git));
  });

  it('a detached HEAD at a tag', () => {
    const r = tagged();
    r.commit('three');
    r.git('checkout', '-q', '--detach', 'backend@1.2.3');
    expect(readHead(join(r.dir, '.git'))).toEqual({ ...fromGit(r.git), branch: undefined });
    expect(fromGit(r.git).branch).toBeUndefined();
  });

  it('gives up (the caller runs git) where only packed objects could tell, and on an unborn branch', () => {
    const r = tagged();
    r.git('gc', '-q');
    r.git('tag', 'light-after-gc', 'HEAD~1'); // loose ref to a packed commit: lightweight or annotated?
    expect(readHead(join(r.dir, '.git'))).toBeUndefined();
    expect(readHead(join(repo().dir, '.git'))).toBeUndefined();
  });
});

describe('localGitContext without a commit-date template', () => {
  it('starts no git process in a plain clone and finds what git finds', async () => {
    const r = tagged();
    r.git('remote', 'add', 'origin', 'git@github.com:o/r.git');
    r.git('checkout', '-q', '--detach', 'HEAD');
    const calls: string[] = [];
    const noGit: Runner = async (file, args) => {
      calls.push([file, ...args].join(' '));
      return { exitCode: 1, stdout: '', stderr: 'not expected' };
    };
    const fast = await localGitContext(noGit, r.dir, {}, false);
    const slow = await localGitContext(runProcess, r.dir, {}, true);
    expect(calls).toEqual([]);
    expect(fast).toEqual({ ...slow, commitDate: undefined });
    expect(fast.ref).toBe('refs/tags/svc/notifier@2.0.0');
  });
});

describe('readHead with a packed-refs file without the fully-peeled header (old git)', () => {
  it('reads an annotated tag object to peel it, and gives up when that object is packed', () => {
    const r = tagged();
    r.git('pack-refs', '--all');
    const file = join(r.dir, '.git/packed-refs');
    const withoutPeeling = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => !l.startsWith('#') && !l.startsWith('^'))
      .join('\n');
    writeFileSync(file, withoutPeeling);
    expect(readHead(join(r.dir, '.git'))).toEqual(fromGit(r.git));
    r.git('gc', '-q'); // rewrites packed-refs with the header: still fine
    expect(readHead(join(r.dir, '.git'))).toEqual(fromGit(r.git));
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => !l.startsWith('#') && !l.startsWith('^'))
        .join('\n'),
    );
    expect(readHead(join(r.dir, '.git'))).toBeUndefined(); // tag objects now packed: only git can peel them
  });
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gitCommitRelation } from './commit-relation';
import { runProcess } from './runner';

describe('gitCommitRelation (a real repository)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'commit-relation-'));
  const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' };
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8' }).trim();
  const commit = (name: string): string => {
    writeFileSync(join(dir, name), name);
    git('add', name);
    git('commit', '-qm', name);
    return git('rev-parse', 'HEAD');
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('orders ancestors, tells diverged branches apart, and knows nothing of commits it lacks', async () => {
    git('init', '-q', '-b', 'main');
    const first = commit('a');
    const second = commit('b');
    git('checkout', '-q', '-b', 'side', first);
    const side = commit('c');
    const relation = gitCommitRelation(runProcess, dir, env);
    expect(await relation(first, second)).toBe('theirs-newer');
    expect(await relation(second, first)).toBe('theirs-older');
    expect(await relation(second, second)).toBe('same');
    expect(await relation(second, side)).toBe('diverged');
    expect(await relation(second, 'f'.repeat(40))).toBe('unknown');
  });
});

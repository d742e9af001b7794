import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LAST_SUCCESSFUL_BASE, tagRegex } from './gitlab-scripts';
import { nodeMajor } from './gitlab-images';

/** The GitLab regex (`/body/`) as a JavaScript RegExp: RE2 and JavaScript agree on this subset. */
const asRegExp = (literal: string): RegExp => new RegExp(literal.slice(1, -1));

describe('tagRegex: a GitHub tag filter as a GitLab rules regex', () => {
  it.each([
    ['*.*.*', '1.2.0', true],
    ['*.*.*', 'v1.2', false],
    ['*.*.*', 'a/1.2.0', false],
    ['backend@*.*.*', 'backend@1.2.0', true],
    ['backend@*.*.*', 'notifier@1.2.0', false],
    ['backend@*.*.*', 'xbackend@1.2.0', false],
    ['v*', 'v2', true],
    ['api+(x)', 'api+(x)', true],
  ])('%s against %s: %s', (filter, tag, matches) => {
    expect(asRegExp(tagRegex(filter)).test(tag)).toBe(matches);
  });

  it('every slash in the body is escaped, so GitLab does not end the literal early', () => {
    expect(tagRegex('a/*')).toBe('/^a\\/[^\\/]*$/');
  });
});

describe('LAST_SUCCESSFUL_BASE: the default-branch base never fails the job', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gitlab-base-'));
    const git = (...args: string[]) =>
      execFileSync('git', ['-C', dir, ...args], { stdio: 'pipe', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });
    git('init', '-q');
    git('commit', '-q', '--allow-empty', '-m', 'one');
    git('commit', '-q', '--allow-empty', '-m', 'two');
    git('commit', '-q', '--allow-empty', '-m', 'three');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs the step under `set -eo pipefail` (as GitLab's bash does) with a fake curl answering `answer` (or failing). */
  function base(answer: string | undefined): string {
    const bin = join(dir, '.bin');
    execFileSync('mkdir', ['-p', bin]);
    writeFileSync(join(bin, 'curl'), answer === undefined ? '#!/bin/sh\necho "curl: (22) 403" >&2\nexit 22\n' : `#!/bin/sh\nprintf '%s' '${answer}'\n`);
    chmodSync(join(bin, 'curl'), 0o755);
    const script = `set -eo pipefail\ncd ${JSON.stringify(dir)}\n${LAST_SUCCESSFUL_BASE}\nprintf 'BASE=%s\\n' "$NX_BASE"`;
    const out = execFileSync('bash', ['-c', script], {
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, CI_API_V4_URL: 'http://gitlab.invalid/api/v4', CI_PROJECT_ID: '7', CI_COMMIT_REF_NAME: 'main', CI_JOB_TOKEN: 't' },
    }).toString();
    return /BASE=(.*)/.exec(out)?.[1] ?? '';
  }
  const rev = (name: string) => execFileSync('git', ['-C', dir, 'rev-parse', name]).toString().trim();

  it('the commit of the last successful pipeline, when it is in this history', () => {
    const first = rev('HEAD~2');
    expect(base(JSON.stringify([{ id: 9, sha: first, status: 'success' }]))).toBe(first);
  });

  it.each([
    ['the API refuses the job token', undefined],
    ['no successful pipeline yet', '[]'],
    ['a commit not in this history (a force push)', JSON.stringify([{ sha: 'f'.repeat(40) }])],
    ['an answer that is not JSON', '<html>'],
  ])('%s: HEAD~1, and the job goes on', (_case, answer) => {
    expect(base(answer)).toBe('HEAD~1');
  });
});

describe('nodeMajor: the job image follows the workspace Node', () => {
  const files = (map: Record<string, string>) => (path: string) => map[path] ?? null;
  it.each([
    [{ 'node-version': 24 }, {}, 24],
    [{ 'node-version-file': '.nvmrc' }, { '.nvmrc': 'v22.11.0\n' }, 22],
    [{ 'node-version-file': '.node-version' }, { '.node-version': '20' }, 20],
    [{ 'node-version-file': '.nvmrc' }, { '.nvmrc': 'lts/*' }, 24],
    [{ 'node-version-file': 'package.json' }, { 'package.json': '{"engines":{"node":">=20.11"}}' }, 20],
    [{ 'node-version-file': 'package.json' }, { 'package.json': '{"engines":{"node":"^18 || ^20"}}' }, 18],
  ] as const)('%j with %j -> node:%i', (version, map, major) => {
    expect(nodeMajor(version, files(map)).major).toBe(major);
  });
});

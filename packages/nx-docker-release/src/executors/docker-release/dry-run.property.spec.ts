import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { runProcess } from '../../engine/runner';
import { createLogger } from '../../log/redacting-logger';
import dockerReleaseExecutor from './executor';
import type { DockerReleaseOptions } from './schema';

// The dry-run path under generated option sets, CI environments and git states: every run ends
// in success or in exactly one error line that names what to fix, never a stack frame, and no
// docker process ever starts (a dry run plans; validation comes before any docker call).
jest.mock('../../engine/runner', () => ({ runProcess: jest.fn() }));
const runner = runProcess as unknown as jest.Mock;
const SHA = 'fedcba9876543210fedcba9876543210fedcba98';

const root = mkdtempSync(join(tmpdir(), 'dry-run-property-'));
mkdirSync(join(root, 'svc/ctx'), { recursive: true });
writeFileSync(join(root, 'svc/Dockerfile'), 'FROM ghcr.io/acme/base:1\nARG V\nCOPY . /app\n');
writeFileSync(join(root, 'svc/main.go'), 'package main\n');
writeFileSync(join(root, 'event.json'), JSON.stringify({ repository: { name: 'app', default_branch: 'main', html_url: 'https://github.com/acme/app' } }));
writeFileSync(join(root, 'broken.json'), '{ not json');
const context = {
  root,
  cwd: root,
  isVerbose: false,
  projectName: 'svc',
  targetName: 'release',
  projectsConfigurations: { version: 2, projects: { svc: { root: 'svc' } } },
} as unknown as ExecutorContext;

const pick = <T>(...xs: T[]) => fc.constantFrom(...xs);
const envName = pick('REG_USER', 'UNSET_VAR', 'EMPTY_VAR', 'bad name', '');

/** Mostly left out, often valid, sometimes a mistake: every run then has about one thing wrong. */
const field = (valid: fc.Arbitrary<unknown>, invalid: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 12, arbitrary: fc.constant(undefined) }, { weight: 6, arbitrary: valid }, { weight: 1, arbitrary: invalid });
const list = (valid: string[], invalid: string[], maxLength = 3) => field(fc.array(pick(...valid), { minLength: 1, maxLength }), fc.array(pick(...valid, ...invalid), { minLength: 1, maxLength }));

const options: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    images: fc.oneof(
      { weight: 12, arbitrary: fc.array(pick('ghcr.io/acme/svc', 'registry.example.com:5000/team/svc', 'name=ghcr.io/acme/x,enable=true', 'localhost/x'), { minLength: 1, maxLength: 2 }) },
      { weight: 1, arbitrary: fc.array(pick('api', 'Ghcr.io/acme/svc', 'UPPER/case', 'ghcr.io/acme/svc:tag', 'name=a/b,name=--flag', ''), { maxLength: 2 }) },
    ),
    tags: list(
      [
        'type=sha',
        'type=sha,format=long',
        'type=raw,value=latest,enable={{is_default_branch}}',
        'type=semver,pattern={{version}}',
        'type=ref,event=branch',
        'type=ref,event=pr',
        'type=edge,branch=main',
        "type=raw,value={{date 'YYYYMMDD'}}",
        'type=raw,value=dev',
      ],
      ['type=semver,pattern={{verison}}', 'type=bogus', 'type=raw,value=', 'type=match,pattern=v(.*),group=9'],
    ),
    flavor: list(['latest=false', 'prefix=v', 'suffix=-x,onlatest=true'], ['latest=maybe'], 2),
    labels: list(['a=b', 'org.opencontainers.image.vendor=Acme'], ['noequals', 'x=\u0000'], 2),
    releaseTagPattern: field(pick('{version}', 'v{version}', '{projectName}@{version}'), pick('release-{ver}', 'x')),
    registry: field(pick('127.0.0.1:5000', 'r.example.com'), pick('Registry.Example.com', 'myregistry', 'http://r.example')),
    context: field(pick('svc', 'svc/ctx'), pick('missing', '../outside', '/abs')),
    file: field(pick('svc/Dockerfile'), pick('svc/nope', 'svc')),
    platforms: list(['linux/amd64', 'linux/arm64', 'linux/arm/v7'], ['amd64', 'Linux/AMD64'], 2),
    buildArgs: field(fc.dictionary(pick('V', 'MODE'), pick('1', 'x'), { maxKeys: 2 }), fc.dictionary(pick('NPM_TOKEN', 'bad-name', '1X'), pick('1'), { minKeys: 1, maxKeys: 1 })),
    secrets: field(
      fc.dictionary(pick('npm', 'token'), pick('REG_USER', 'REG_PASS'), { maxKeys: 2 }),
      fc.dictionary(pick('bad id!', 'npm'), pick('UNSET_VAR', 'EMPTY_VAR', 'bad name', ''), { minKeys: 1, maxKeys: 1 }),
    ),
    login: field(
      fc.oneof(fc.constant({ usernameEnv: 'REG_USER', passwordEnv: 'REG_PASS' }), fc.constant([]), fc.constant([{ registry: 'r.example.com:5000', usernameEnv: 'REG_USER', passwordEnv: 'REG_PASS' }])),
      fc.record({ registry: pick('ghcr.io', 'http://x', 'UPPER.io'), usernameEnv: envName, passwordEnv: envName }),
    ),
    resultFile: field(pick('dist/r.json'), pick('../r.json', '/tmp/r.json')),
    buildContexts: field(
      fc.dictionary(pick('shared'), pick('svc/ctx', 'docker-image://alpine:3'), { maxKeys: 1 }),
      fc.dictionary(pick('bad name', 'shared'), pick('missing-dir'), { minKeys: 1, maxKeys: 1 }),
    ),
    split: field(pick('platforms', 'merge'), pick('platforms')),
    pushMode: field(pick('registry', 'docker'), pick('docker')),
    push: field(fc.boolean(), fc.constant(false)),
    allowDirty: field(fc.boolean(), fc.constant(true)),
  },
  { requiredKeys: ['images'] },
);

const ci: fc.Arbitrary<Record<string, string>> = fc.oneof(
  fc.constant({}),
  fc.record({
    GITHUB_ACTIONS: fc.constant('true'),
    GITHUB_EVENT_NAME: pick('push', 'pull_request', 'pull_request_target', 'workflow_dispatch', 'release', 'schedule'),
    GITHUB_REF: pick('refs/heads/main', 'refs/heads/main', 'refs/heads/feature/x', 'refs/tags/1.2.3', 'refs/tags/v2.0.0-rc.1', 'refs/tags/svc@1.0.0', 'refs/pull/7/merge', 'garbage'),
    GITHUB_SHA: pick(SHA, SHA, SHA, '', 'not-a-sha'),
    GITHUB_EVENT_PATH: pick(join(root, 'event.json'), join(root, 'event.json'), join(root, 'event.json'), join(root, 'broken.json'), join(root, 'missing.json'), root),
    GITHUB_REPOSITORY: pick('acme/app', ''),
  }),
  fc.record({
    GITLAB_CI: fc.constant('true'),
    CI_COMMIT_SHA: pick(SHA, ''),
    CI_COMMIT_REF_NAME: pick('main', 'v1.0.0'),
    CI_COMMIT_TAG: pick('', '1.0.0', 'svc@1.0.0'),
    CI_DEFAULT_BRANCH: pick('main', ''),
    CI_PIPELINE_SOURCE: pick('push', 'merge_request_event'),
  }),
);

/** What `git` answers: a repository with a commit (tags, branch), one without, or none at all; clean or dirty. */
const git = fc.record({
  log: pick(`${SHA}\n2026-11-20T10:00:00Z\nHEAD -> main, tag: svc@1.0.0`, `${SHA}\n2026-11-20T10:00:00Z\nHEAD`, `${SHA}\n2026-11-20T10:00:00Z\nHEAD -> main, tag: 1.2.3, tag: v9`, null),
  status: pick('', '', '', ' M svc/main.go\0', 'M  svc/Dockerfile\0R  svc/a.go\0svc/b.go\0', null),
});

// One line that points at something to fix: an option (images[0]:, login.passwordEnv:, ...), a
// variable, a file, the commit, or the tree.
const NAMES_SOMETHING = /^error: ([a-zA-Z]+(\[\d+\])?(\.[A-Za-z0-9_-]+)*(\[\d+\])?:|the build inputs|no commit to release|GITHUB_[A-Z_]+|CI_[A-Z_]+|registry |project )/;

/**
 * Files appearing and vanishing in the build context while a run reads it (an editor's swap
 * file, a build writing next to the sources): started before each run, stopped after it.
 */
function churnContext(): () => void {
  let n = 0;
  const timer = setInterval(() => {
    n++;
    const file = join(root, 'svc', `churn-${n % 4}.tmp`);
    const dir = join(root, 'svc', `churn-dir-${n % 3}`);
    try {
      if (n % 2) {
        writeFileSync(file, `${n}\n`);
        mkdirSync(join(dir, 'deep'), { recursive: true });
        writeFileSync(join(dir, 'deep', 'f'), `${n}`);
      } else {
        rmSync(file, { force: true });
        rmSync(dir, { recursive: true, force: true });
      }
    } catch {
      // the other half of the churn removed it first
    }
  }, 1);
  return () => clearInterval(timer);
}

describe('the dry-run path, property-based (2,000 generated runs, the context changing under them)', () => {
  const saved = { ...process.env };
  afterAll(() => {
    process.env = saved;
  });

  it('ends in success or one line naming what to fix; no stack frame, no docker call', async () => {
    const outcomes = { success: 0, refused: new Map<string, number>() };
    await fc.assert(
      fc.asyncProperty(options, ci, git, async (opts, ciEnv, gitState) => {
        runner.mockReset().mockImplementation(async (file: string, args: string[]) => {
          if (file !== 'git') return { exitCode: 0, stdout: '', stderr: '' };
          if (args[0] === 'log') return gitState.log ? { exitCode: 0, stdout: gitState.log, stderr: '' } : { exitCode: 128, stdout: '', stderr: 'fatal: not a git repository' };
          if (args[0] === 'status') return gitState.status === null ? { exitCode: 128, stdout: '', stderr: 'fatal: not a git repository' } : { exitCode: 0, stdout: gitState.status, stderr: '' };
          return { exitCode: 1, stdout: '', stderr: '' };
        });
        process.env = { ...saved, GITHUB_ACTIONS: '', GITLAB_CI: '', REG_USER: 'bot', REG_PASS: 'pw-value-123', EMPTY_VAR: '', ...ciEnv };
        delete process.env.UNSET_VAR;
        const lines: string[] = [];
        const stopChurn = churnContext();
        const out = await dockerReleaseExecutor(
          { ...(opts as unknown as DockerReleaseOptions), dryRun: true },
          context,
          createLogger((l) => lines.push(l)),
        ).finally(stopChurn);
        const errors = lines.filter((l) => l.startsWith('error: '));
        expect(runner.mock.calls.filter(([file]) => file !== 'git')).toEqual([]);
        expect(lines.join('\n')).not.toMatch(/\n\s+at \S+ \(|^\s+at /m);
        expect(lines.join('\n')).not.toContain('pw-value-123');
        if (out.success) {
          expect(errors).toEqual([]);
          outcomes.success++;
        } else {
          expect(errors).toHaveLength(1);
          expect(errors[0]).toMatch(NAMES_SOMETHING);
          const what = /^error: ([^:\s]+)/.exec(errors[0])?.[1] ?? '';
          outcomes.refused.set(what, (outcomes.refused.get(what) ?? 0) + 1);
        }
      }),
      { numRuns: 2000 },
    );
    if (process.env.SHOW_OUTCOMES)
      console.log(
        outcomes.success,
        [...outcomes.refused].sort((a, b) => b[1] - a[1]),
      );
    // The generators reach both ends and many different refusals, not one early check.
    expect(outcomes.success).toBeGreaterThan(30);
    expect(outcomes.refused.size).toBeGreaterThan(8);
  }, 300000);
});

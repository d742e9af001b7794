import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createTempWorkspace, type TempWorkspace } from './support/workspace';

interface Step {
  run?: string;
  env?: Record<string, string>;
}

/** The scan step of gates.yml, exactly as the workflow runs it (bash -e, the step's run text). */
function workflowScan(root: string): string {
  const wf = parse(readFileSync(join(root, '.github/workflows/gates.yml'), 'utf8')) as { jobs: Record<string, { steps: Step[] }> };
  const step = wf.jobs['secret-scan'].steps.find((s) => s.run?.includes('gitleaks detect'));
  if (!step?.run) throw new Error('gates.yml has no gitleaks step');
  return step.run;
}

describe('the secret scan (gitleaks): npm test and the workflow run the same check', () => {
  let ws: TempWorkspace;
  let clone: string;
  let home: string;
  // A realistic GitHub token shape, made now: the repository never holds one.
  const token = `ghp_${randomBytes(27)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, 'x')
    .slice(0, 36)}`;
  const git = (...args: string[]): string =>
    execFileSync('git', args, {
      cwd: clone,
      encoding: 'utf8',
      env: { ...process.env, GIT_AUTHOR_NAME: 'e2e', GIT_AUTHOR_EMAIL: 'e2e@example.com', GIT_COMMITTER_NAME: 'e2e', GIT_COMMITTER_EMAIL: 'e2e@example.com' },
    }).trim();
  const local = () => spawnSync('bash', ['tools/secret-scan.sh'], { cwd: clone, encoding: 'utf8' });
  const inWorkflow = (range: string) =>
    spawnSync('bash', ['-e', '-c', workflowScan(clone)], { cwd: clone, encoding: 'utf8', env: { ...process.env, HOME: home, GITHUB_WORKSPACE: clone, RANGE: range } });

  beforeAll(() => {
    const version = spawnSync('gitleaks', ['version'], { encoding: 'utf8' });
    if (version.status !== 0) throw new Error('gitleaks is not installed: run bash tools/setup.sh (e2e tests fail, they never skip)');
    // This workspace's files as one commit: the scan sees every line the repository holds today.
    ws = createTempWorkspace();
    clone = ws.root;
    home = mkdtempSync(join(tmpdir(), 'e2e-scan-home-'));
  });
  afterAll(() => {
    ws.remove();
    rmSync(home, { recursive: true, force: true });
  });

  it('the repository as it is passes, locally and in the workflow', () => {
    const res = local();
    expect(res.stderr + res.stdout).toContain('no leaks found');
    expect(res.status).toBe(0);
    expect(inWorkflow('').status).toBe(0);
  });

  it('a planted token in a scratch commit fails both, naming the file, its value redacted', () => {
    writeFileSync(join(clone, 'deploy.env'), `REGISTRY_USER=bot\nGITHUB_TOKEN=${token}\n`);
    git('add', 'deploy.env');
    git('commit', '--quiet', '-m', 'scratch: a leaked token');
    for (const res of [local(), inWorkflow('HEAD~1..HEAD')]) {
      const output = res.stdout + res.stderr;
      expect(res.status).not.toBe(0);
      expect(output).toMatch(/File:\s+deploy\.env/);
      expect(output).toContain('leaks found: 1');
      expect(output).not.toContain(token);
    }
    // A range without the scratch commit (what the workflow scans for another change) passes.
    expect(inWorkflow('HEAD~1').status).toBe(0);
  });
});

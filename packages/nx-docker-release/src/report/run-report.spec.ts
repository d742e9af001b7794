import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finishRun, recordRunEntry, RUN_RESULT_FILE, runDirectory } from './run-report';

import type { ReleaseResult } from '../release/result';

const result: ReleaseResult = { project: 'a', status: 'released', images: [], version: '1.0.0', ref: '', sha: '', digest: 'sha256:1', tags: ['r/a:1.0.0'], tagResults: [], labels: {} };

describe('run report', () => {
  it('collects every task entry into one table, one JSON file and one output, then removes them', () => {
    const root = mkdtempSync(join(tmpdir(), 'run-report-'));
    const dir = join(root, 'run');
    const env = { NX_DOCKER_RELEASE_RUN: dir, GITHUB_STEP_SUMMARY: join(root, 'summary.md'), GITHUB_OUTPUT: join(root, 'out') };
    writeFileSync(env.GITHUB_STEP_SUMMARY, '# earlier step\n');
    recordRunEntry(env, { project: 'a', target: 'release', result: { ...result } });
    recordRunEntry(env, { project: 'b', target: 'release', error: 'login.passwordEnv: environment variable X is not set' });
    const printed: string[] = [];
    const rows = finishRun(dir, root, env, (l) => printed.push(l));
    expect(rows?.map((r) => `${r.project} ${r.outcome}`)).toEqual(['a pushed', 'b failed']);
    expect(existsSync(dir)).toBe(false);
    const summary = readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8');
    expect(summary.startsWith('# earlier step\n### docker-release: 1 pushed, 1 failed')).toBe(true);
    expect(summary.split('\n').filter((l) => /^\| [ab] \|/.test(l))).toHaveLength(2);
    const json = JSON.parse(readFileSync(join(root, RUN_RESULT_FILE), 'utf8'));
    expect(json.projects.map((p: { project: string }) => p.project)).toEqual(['a', 'b']);
    expect(readFileSync(env.GITHUB_OUTPUT, 'utf8')).toMatch(/^releases<<(ghadelimiter_[0-9a-f]+)\n\[.*"project":"a".*\]\n\1\n$/);
    expect(printed[0]).toBe('docker-release: 2 project(s): 1 pushed, 1 failed');
  });

  it('a run without release tasks says nothing; a run of dry runs only prints', () => {
    const root = mkdtempSync(join(tmpdir(), 'run-report-'));
    expect(finishRun(join(root, 'none'), root, {}, () => undefined)).toBeUndefined();
    const dir = join(root, 'run');
    recordRunEntry({ NX_DOCKER_RELEASE_RUN: dir }, { project: 'a', target: 'release', dryRun: true, result: { ...result } });
    const printed: string[] = [];
    expect(finishRun(dir, root, {}, (l) => printed.push(l))?.[0].outcome).toBe('planned');
    expect(existsSync(join(root, RUN_RESULT_FILE))).toBe(false);
    expect(printed).toHaveLength(2);
  });

  it('outside a run nothing is recorded, and run directories are per run id', () => {
    recordRunEntry({}, { project: 'a', target: 'release' });
    expect(runDirectory('123')).not.toBe(runDirectory('124'));
    expect(runDirectory('../x')).toBe(join(tmpdir(), 'nx-docker-release-run-x'));
  });
});

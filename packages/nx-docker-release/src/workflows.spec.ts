import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

// The workspace's own workflows: valid YAML with the structure GitHub requires.
const root = join(__dirname, '../../..');
const load = (name: string): Record<string, any> => parse(readFileSync(join(root, '.github/workflows', name), 'utf8'), { strict: true, uniqueKeys: true });

describe('.github/workflows', () => {
  it('release.yml: push to main and version tags, no path filter, full history, secrets as env', () => {
    const wf = load('release.yml');
    expect(wf.on.push.branches).toEqual(['main']);
    expect(wf.on.push.tags).toContain('*.*.*');
    expect(wf.on.push.paths).toBeUndefined();
    const steps: any[] = wf.jobs.release.steps;
    expect(steps.find((s) => String(s.uses).startsWith('actions/checkout')).with['fetch-depth']).toBe(0);
    expect(steps.some((s) => String(s.uses).startsWith('nrwl/nx-set-shas'))).toBe(true);
    const affected = steps.find((s) => String(s.run).includes('nx affected -t release'));
    expect(affected.run).toContain('--base="$NX_BASE" --head="$NX_HEAD"');
    expect(affected.env).toMatchObject({ GH_CR_USER: '${{ secrets.GH_CR_USER }}', GH_CR_PAT: '${{ secrets.GH_CR_PAT }}' });
    for (const step of steps) expect(String(step.run ?? '')).not.toContain('secrets.');
  });

  it('ci.yml: runs the tests on pull requests', () => {
    const wf = load('ci.yml');
    expect(wf.on).toHaveProperty('pull_request');
    expect(wf.jobs.test.steps.some((s: any) => s.run === 'npm test')).toBe(true);
  });

  it.each(['release.yml', 'ci.yml'])('%s: every job has runs-on and steps, every step one of uses/run', (name) => {
    const wf = load(name);
    for (const job of Object.values<any>(wf.jobs)) {
      expect(typeof job['runs-on']).toBe('string');
      for (const step of job.steps) expect(Boolean(step.uses) !== Boolean(step.run)).toBe(true);
    }
  });
});

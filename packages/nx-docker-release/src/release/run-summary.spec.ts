import type { ReleaseResult } from './result';
import { runRows, runSummaryLines, runSummaryMarkdown, runTally, type RunEntry } from './run-summary';

const result = (over: Partial<ReleaseResult>): ReleaseResult => ({
  project: 'p',
  status: 'released',
  images: [],
  version: '1.2.3',
  ref: 'refs/tags/1.2.3',
  sha: 'a'.repeat(40),
  digest: `sha256:${'b'.repeat(64)}`,
  tags: ['r/p:1.2.3'],
  tagResults: [],
  labels: {},
  ...over,
});

describe('run summary', () => {
  const entries: RunEntry[] = [
    { project: 'web', target: 'release', result: result({ project: 'web', source: 'promoted', reusedFrom: 'r/web:sha-aaaaaaa' }) },
    { project: 'api', target: 'release', result: result({ project: 'api', source: 'uploaded', blobs: { uploaded: 2, alreadyPresent: 5 } }) },
    { project: 'jobs', target: 'release', error: 'registry 127.0.0.1:5001 refused anonymous access (set the login option)' },
    { project: 'docs', target: 'release', result: result({ project: 'docs', status: 'skipped', reason: 'tag 9.9.9 does not match docs@{version}', tags: [], digest: '' }) },
    { project: 'edge', target: 'release', result: result({ project: 'edge', status: 'failed', reason: '1 tag(s) failed to push' }) },
  ];

  it('one row per project, sorted, with the outcome a reader asks about', () => {
    const rows = runRows(entries);
    expect(rows.map((r) => [r.project, r.outcome])).toEqual([
      ['api', 'pushed'],
      ['docs', 'skipped'],
      ['edge', 'failed'],
      ['jobs', 'failed'],
      ['web', 'promoted'],
    ]);
    expect(rows[0].reason).toBe('2 blob(s) uploaded, 5 present');
    expect(rows[3].reason).toContain('refused anonymous access');
    expect(rows[4].reason).toBe('from r/web:sha-aaaaaaa');
    expect(runTally(rows)).toBe('1 pushed, 1 skipped, 2 failed, 1 promoted');
  });

  it('a dry run is planned, not pushed', () => {
    expect(runRows([{ project: 'a', target: 'release', dryRun: true, result: result({}) }])[0].outcome).toBe('planned');
  });

  it('terminal lines and one Markdown table with a row per project; pipes in cells are escaped', () => {
    const rows = runRows([...entries, { project: 'x|y', target: 'release', error: 'a|b' }]);
    const lines = runSummaryLines(rows);
    expect(lines[0]).toBe('docker-release: 6 project(s): 1 pushed, 1 skipped, 3 failed, 1 promoted');
    expect(lines[1]).toMatch(/^ {2}api +pushed +1\.2\.3 +bbbbbbbbbbbb +r\/p:1\.2\.3/);
    const table = runSummaryMarkdown(rows)
      .split('\n')
      .filter((l) => l.startsWith('| '));
    expect(table).toHaveLength(2 + rows.length);
    expect(table).toContain('| x\\|y | failed | - | - | - | a\\|b |');
    const withTags = runSummaryMarkdown(rows, [{ project: 'api', target: 'release', result: result({ tagResults: [{ tag: 'r/p:1.2.3', status: 'failed', reason: 'HTTP 500' }] }) }]);
    expect(withTags).toContain('<details><summary>api: 1 tag(s)</summary>\n\n| tag | status |\n| --- | --- |\n| `r/p:1.2.3` | failed: HTTP 500 |\n\n</details>');
  });
});

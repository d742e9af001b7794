import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIND_SERVICE } from './gitlab-images';
import { LAST_SUCCESSFUL_BASE } from './gitlab-scripts';
import { PLAN_JOB, RELEASE_JOB, TAG_JOB } from './render-gitlab';

/** docs/gitlab.md describes the pipeline this generator writes: the names it gives must be the ones written. */
describe('docs/gitlab.md', () => {
  const doc = readFileSync(join(__dirname, '../../../../../../docs/gitlab.md'), 'utf8');

  it('names the dind service image and the jobs the pipeline has', () => {
    expect(doc).toContain(`name: ${DIND_SERVICE}`);
    for (const job of [PLAN_JOB, RELEASE_JOB, TAG_JOB]) expect(doc).toContain(`\`${job}\``);
  });

  it('shows the pipelines API request the base script makes', () => {
    const url = /URL="([^"]+)"/.exec(LAST_SUCCESSFUL_BASE)?.[1] ?? '';
    expect(url).not.toBe('');
    expect(doc).toContain(`GET ${url}`);
  });
});

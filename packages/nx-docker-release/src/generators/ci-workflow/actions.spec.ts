import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTIONS, GITLEAKS } from './actions';

describe('the actions ci-workflow writes', () => {
  const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');

  it.each(Object.entries(ACTIONS))('%s: one owner/name at a major tag, the one the package README names', (_, ref) => {
    expect(ref).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
    expect(readme).toContain(`\`${ref}\``);
  });

  it('gitleaks: a release version, a sha256, and the README names the version', () => {
    expect(GITLEAKS.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(GITLEAKS.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(readme).toContain(`gitleaks ${GITLEAKS.version}'s`);
  });
});

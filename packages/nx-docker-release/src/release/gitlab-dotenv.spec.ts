import { dotenvFile, dotenvPrefix, gitlabDotenv } from './gitlab-dotenv';
import type { ReleaseResult } from './result';

const DIGEST = `sha256:${'e'.repeat(64)}`;
const released: ReleaseResult = {
  project: 'api',
  status: 'released',
  images: ['registry.gitlab.com/org/api'],
  version: '1.2.0',
  ref: 'refs/tags/1.2.0',
  sha: 'c'.repeat(40),
  digest: DIGEST,
  tags: ['registry.gitlab.com/org/api:1.2.0', 'registry.gitlab.com/org/api:latest'],
  tagResults: [],
  labels: { 'org.opencontainers.image.description': 'two\nlines' },
};

describe('gitlabDotenv: a dotenv report GitLab parses', () => {
  it('one KEY=value line per output, keys named by the project, tags comma-separated', () => {
    expect(gitlabDotenv(released)).toBe(
      ['API_STATUS=released', 'API_VERSION=1.2.0', `API_DIGEST=${DIGEST}`, 'API_TAGS=registry.gitlab.com/org/api:1.2.0,registry.gitlab.com/org/api:latest', ''].join('\n'),
    );
  });

  it('a skipped or failed release still writes every key, empty where nothing was published', () => {
    const skipped: ReleaseResult = { ...released, status: 'skipped', reason: 'no change', version: '', digest: '', tags: [] };
    expect(gitlabDotenv(skipped)).toBe('API_STATUS=skipped\nAPI_VERSION=\nAPI_DIGEST=\nAPI_TAGS=\n');
  });

  it('no value spans lines, nothing but KEY=value lines (no comments, no blank lines)', () => {
    const odd: ReleaseResult = { ...released, version: '1.2.0\r\nINJECTED=1' };
    const lines = gitlabDotenv(odd).trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(line).toMatch(/^[A-Z_][A-Z0-9_]*=[^\n]*$/);
    expect(lines[1]).toBe('API_VERSION=1.2.0 INJECTED=1');
  });

  it.each([
    ['api', 'API'],
    ['my-api', 'MY_API'],
    ['@org/web.app', '_ORG_WEB_APP'],
    ['2fa', '_2FA'],
  ])('project %s -> prefix %s (ASCII letters, digits and underscores; never a leading digit)', (project, prefix) => {
    expect(dotenvPrefix(project)).toBe(prefix);
  });

  it.each([
    ['dist/docker-release/api.json', 'dist/docker-release/api.env'],
    ['out/result', 'out/result.env'],
  ])('the report of %s is %s', (resultFile, file) => {
    expect(dotenvFile(resultFile)).toBe(file);
  });
});

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReleaseResult } from '../release/result';
import { clearResultFile, writeOutputs } from './write-outputs';

const result: ReleaseResult = {
  project: 'api',
  status: 'released',
  images: ['registry.gitlab.com/org/api'],
  version: '1.2.0',
  ref: 'refs/heads/main',
  sha: 'c'.repeat(40),
  digest: `sha256:${'e'.repeat(64)}`,
  tags: ['registry.gitlab.com/org/api:sha-ccccccc'],
  tagResults: [],
  labels: {},
};

describe('writeOutputs: the GitLab dotenv report', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'write-outputs-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('inside GitLab CI, writes dist/docker-release/<project>.env next to the result file', () => {
    writeOutputs(result, 'dist/docker-release/api.json', root, { GITLAB_CI: 'true' });
    expect(readFileSync(join(root, 'dist/docker-release/api.env'), 'utf-8')).toBe(
      `API_STATUS=released\nAPI_VERSION=1.2.0\nAPI_DIGEST=${result.digest}\nAPI_TAGS=registry.gitlab.com/org/api:sha-ccccccc\n`,
    );
    expect(JSON.parse(readFileSync(join(root, 'dist/docker-release/api.json'), 'utf-8'))).toMatchObject({ digest: result.digest });
  });

  it('a later run replaces the report whole; outside GitLab CI none is written', () => {
    writeOutputs(result, 'dist/docker-release/api.json', root, { GITLAB_CI: 'true' });
    writeOutputs({ ...result, status: 'failed', digest: '', tags: [] }, 'dist/docker-release/api.json', root, { GITLAB_CI: 'true' });
    expect(readFileSync(join(root, 'dist/docker-release/api.env'), 'utf-8')).toBe('API_STATUS=failed\nAPI_VERSION=1.2.0\nAPI_DIGEST=\nAPI_TAGS=\n');
    writeOutputs(result, 'dist/docker-release/web.json', root, {});
    expect(existsSync(join(root, 'dist/docker-release/web.env'))).toBe(false);
  });

  it('clearing the result file at the start of a publishing run clears the report too', () => {
    writeOutputs(result, 'dist/docker-release/api.json', root, { GITLAB_CI: 'true' });
    clearResultFile('dist/docker-release/api.json', root);
    expect(existsSync(join(root, 'dist/docker-release/api.env'))).toBe(false);
    expect(existsSync(join(root, 'dist/docker-release/api.json'))).toBe(false);
  });
});

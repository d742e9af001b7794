import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDockerConfig } from './build-docker-config';

describe('the DOCKER_CONFIG of a build', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'build-config-spec-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const read = (dir: string): { auths: Record<string, { auth: string }>; credHelpers: Record<string, string>; credsStore?: string } => JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));

  it("adds each login under its own registry's key only, keeps the user's config, and asks no helper for those hosts", () => {
    const user = join(root, 'user');
    mkdirSync(join(user, 'cli-plugins'), { recursive: true });
    writeFileSync(join(user, 'config.json'), JSON.stringify({ credsStore: 'desktop', auths: { 'ghcr.io': { auth: 'dXNlcjpvbGQ=' } }, credHelpers: { 'gcr.io': 'gcloud' } }));
    const scratch = join(root, 'scratch');
    mkdirSync(scratch, { mode: 0o700 });
    const dir = buildDockerConfig({ DOCKER_CONFIG: user }, scratch, [
      { registry: '127.0.0.1:5600', username: 'robot', password: 'pw-1' },
      { registry: 'docker.io', username: 'hub', password: 'pw-2' },
    ]);
    const config = read(dir);
    expect(config.auths).toEqual({
      'ghcr.io': { auth: 'dXNlcjpvbGQ=' },
      '127.0.0.1:5600': { auth: Buffer.from('robot:pw-1').toString('base64') },
      'https://index.docker.io/v1/': { auth: Buffer.from('hub:pw-2').toString('base64') },
    });
    expect(config.credHelpers).toEqual({ 'gcr.io': 'gcloud', '127.0.0.1:5600': '', 'https://index.docker.io/v1/': '' });
    expect(config.credsStore).toBe('desktop');
    expect(statSync(join(dir, 'config.json')).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'cli-plugins')).isDirectory()).toBe(true);
  });

  it('without a user config: only the release credentials', () => {
    const dir = buildDockerConfig({ DOCKER_CONFIG: join(root, 'none') }, root, [{ registry: 'registry.example', username: 'u', password: 'p' }], 'x');
    expect(read(dir)).toEqual({ auths: { 'registry.example': { auth: Buffer.from('u:p').toString('base64') } }, credHelpers: { 'registry.example': '' } });
  });
});

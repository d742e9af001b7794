import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerConfigCredentials } from './docker-credentials';

describe('dockerConfigCredentials', () => {
  const dir = mkdtempSync(join(tmpdir(), 'docker-config-'));
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({ auths: { 'ghcr.io': { auth: Buffer.from('bot:pa:ss').toString('base64') }, 'https://index.docker.io/v1/': { auth: Buffer.from('hub:pw').toString('base64') } } }),
  );

  it.each([
    ['ghcr.io', 'bot', 'pa:ss'],
    ['docker.io', 'hub', 'pw'],
  ])('reads the auths entry of %s', (registry, username, password) => {
    expect(dockerConfigCredentials(registry, { DOCKER_CONFIG: dir })).toMatchObject({ username, password });
  });

  it('returns nothing for an unknown registry or a missing config', () => {
    expect(dockerConfigCredentials('quay.io', { DOCKER_CONFIG: dir })).toBeUndefined();
    expect(dockerConfigCredentials('ghcr.io', { DOCKER_CONFIG: join(dir, 'nope') })).toBeUndefined();
  });
});

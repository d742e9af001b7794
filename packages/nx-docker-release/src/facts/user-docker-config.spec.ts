import { mkdtempSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readUserDockerConfig, userDockerConfigDir } from './user-docker-config';

describe('the user docker config', () => {
  it('is $DOCKER_CONFIG, else ~/.docker (an empty variable is unset, as the CLI reads it)', () => {
    expect(userDockerConfigDir({ DOCKER_CONFIG: '/cfg' })).toBe('/cfg');
    expect(userDockerConfigDir({ DOCKER_CONFIG: '' })).toBe(join(homedir(), '.docker'));
    expect(userDockerConfigDir({})).toBe(join(homedir(), '.docker'));
  });

  it('reads config.json as an object; a missing, broken or non-object file is empty', () => {
    const dir = mkdtempSync(join(tmpdir(), 'user-docker-config-'));
    expect(readUserDockerConfig({ DOCKER_CONFIG: dir })).toEqual({});
    writeFileSync(join(dir, 'config.json'), '{"credsStore":"pass"}');
    expect(readUserDockerConfig({ DOCKER_CONFIG: dir })).toEqual({ credsStore: 'pass' });
    writeFileSync(join(dir, 'config.json'), '["x"]');
    expect(readUserDockerConfig({ DOCKER_CONFIG: dir })).toEqual({});
    writeFileSync(join(dir, 'config.json'), '{not json');
    expect(readUserDockerConfig({ DOCKER_CONFIG: dir })).toEqual({});
  });
});

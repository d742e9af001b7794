import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerConfigCredentials } from './docker-credentials';
import { runProcess } from './runner';

// A real docker config directory and real helper programs on PATH (shell scripts): a helper
// answers `get` for the server it is told on stdin, as docker-credential-* programs do.
function helper(dir: string, name: string, script: string): void {
  const file = join(dir, `docker-credential-${name}`);
  writeFileSync(file, `#!/bin/sh\n${script}\n`);
  chmodSync(file, 0o755);
}

describe('dockerConfigCredentials', () => {
  const dir = mkdtempSync(join(tmpdir(), 'docker-config-'));
  const bin = mkdtempSync(join(tmpdir(), 'docker-helpers-'));
  const log = join(bin, 'asked');
  helper(
    bin,
    'store',
    `read server; echo "store $server" >> ${log}; if [ "$server" = quay.io ]; then printf '{"ServerURL":"%s","Username":"robot","Secret":"from-store"}' "$server"; else echo "credentials not found in native keychain"; exit 1; fi`,
  );
  helper(bin, 'ecr', `read server; echo "ecr $server" >> ${log}; printf '{"ServerURL":"%s","Username":"AWS","Secret":"from-ecr"}' "$server"`);
  helper(bin, 'acr', `read server; printf '{"ServerURL":"%s","Username":"<token>","Secret":"refresh"}' "$server"`);
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({
      auths: { 'ghcr.io': { auth: Buffer.from('bot:pa:ss').toString('base64') }, 'https://index.docker.io/v1/': { auth: Buffer.from('hub:pw').toString('base64') } },
      credHelpers: { '123.dkr.ecr.eu-west-1.amazonaws.com': 'ecr', 'x.azurecr.io': 'acr', 'evil.io': '../../bin/sh' },
      credsStore: 'store',
    }),
  );
  const env = { DOCKER_CONFIG: dir, PATH: `${bin}:${process.env.PATH ?? ''}` };

  it.each([
    ['123.dkr.ecr.eu-west-1.amazonaws.com', 'AWS', 'from-ecr', 'the docker credential helper docker-credential-ecr'],
    ['quay.io', 'robot', 'from-store', 'the docker credential helper docker-credential-store'],
    ['ghcr.io', 'bot', 'pa:ss', `the docker config (${join(dir, 'config.json')})`],
    ['docker.io', 'hub', 'pw', `the docker config (${join(dir, 'config.json')})`],
  ])('%s: credHelpers, else credsStore, else auths', async (registry, username, password, passwordEnv) => {
    await expect(dockerConfigCredentials(registry, env, runProcess)).resolves.toEqual({ username, password, passwordEnv });
  });

  it('tells the helper the server on stdin (docker.io as the v1 index URL)', async () => {
    await dockerConfigCredentials('docker.io', env, runProcess);
    expect(readFileSync(log, 'utf8')).toContain('store https://index.docker.io/v1/\n');
  });

  it('returns nothing for identity tokens, unsafe helper names, unknown registries and a missing config', async () => {
    await expect(dockerConfigCredentials('x.azurecr.io', env, runProcess)).resolves.toBeUndefined();
    await expect(dockerConfigCredentials('evil.io', env, runProcess)).resolves.toBeUndefined();
    await expect(dockerConfigCredentials('unknown.example', env, runProcess)).resolves.toBeUndefined();
    await expect(dockerConfigCredentials('ghcr.io', { ...env, DOCKER_CONFIG: join(dir, 'nope') }, runProcess)).resolves.toBeUndefined();
  });
});

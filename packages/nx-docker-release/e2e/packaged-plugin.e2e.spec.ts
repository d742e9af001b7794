import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryClient } from './support/registry-client';
import { startRegistry, type TestRegistry } from './support/registry';
import { requireDocker, WORKSPACE_ROOT } from './support/workspace';

/** The published form: built with @nx/js:tsc, packed, installed into a workspace with only nx. */
describe('the packed plugin in another workspace', () => {
  let registry: TestRegistry;
  let consumer: string;
  const env = { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true', FORCE_COLOR: '0' };

  beforeAll(async () => {
    requireDocker();
    registry = await startRegistry();
    execFileSync(join(WORKSPACE_ROOT, 'node_modules/.bin/nx'), ['run', 'nx-docker-release:build', '--skip-nx-cache'], { cwd: WORKSPACE_ROOT, env, stdio: 'pipe' });
    const packDir = mkdtempSync(join(tmpdir(), 'e2e-pack-'));
    execFileSync('npm', ['pack', '--pack-destination', packDir], { cwd: join(WORKSPACE_ROOT, 'dist/packages/nx-docker-release'), env, stdio: 'pipe' });
    const tarball = join(packDir, readdirSync(packDir).find((f) => f.endsWith('.tgz')) ?? '');
    consumer = mkdtempSync(join(tmpdir(), 'e2e-consumer-'));
    const nxVersion = require(join(WORKSPACE_ROOT, 'node_modules/nx/package.json')).version as string;
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, devDependencies: { nx: nxVersion, 'nx-docker-release': `file:${tarball}` } }));
    writeFileSync(join(consumer, 'nx.json'), JSON.stringify({ plugins: [{ plugin: 'nx-docker-release/plugin', options: { registry: `${registry.host}/acme` } }] }));
    mkdirSync(join(consumer, 'svc'));
    writeFileSync(join(consumer, 'svc/project.json'), JSON.stringify({ name: 'svc' }));
    writeFileSync(join(consumer, 'svc/Dockerfile'), 'FROM scratch\nCOPY hello.txt /hello.txt\n');
    writeFileSync(join(consumer, 'svc/hello.txt'), 'hello\n');
    execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: consumer, env, stdio: 'pipe' });
    for (const args of [['init', '-q', '--initial-branch=main'], ['add', '-A'], ['-c', 'user.name=e2e', '-c', 'user.email=e2e@x', 'commit', '-qm', 'init']]) {
      execFileSync('git', args, { cwd: consumer, stdio: 'pipe' });
    }
  }, 300000);

  afterAll(async () => {
    await registry?.stop();
    if (consumer) rmSync(consumer, { recursive: true, force: true });
  });

  it('infers the release target from the Dockerfile and pushes with the compiled executor (no TypeScript there)', async () => {
    const res = spawnSync(join(consumer, 'node_modules/.bin/nx'), ['run', 'svc:release', '--login.usernameEnv=REG_USER', '--login.passwordEnv=REG_PASS', '--output-style=static'], {
      cwd: consumer,
      env: { ...env, REG_USER: registry.user, REG_PASS: registry.password },
      encoding: 'utf8',
    });
    const output = `${res.stdout}${res.stderr}`;
    expect(output).toContain('uploaded in');
    expect(res.status).toBe(0);
    const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: consumer, encoding: 'utf8' }).trim();
    const client = new RegistryClient(registry.host, registry.user, registry.password);
    expect(await client.tags('acme/svc')).toEqual(['latest', `sha-${sha.slice(0, 7)}`]);
  });
});

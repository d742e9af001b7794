import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
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
    // The README's install: `npm run pack` prints the tarball, the workspace keeps it under vendor/.
    const tarball = execFileSync('npm', ['run', '--silent', 'pack'], { cwd: WORKSPACE_ROOT, env, encoding: 'utf8' }).trim().split('\n').pop()!;
    expect(tarball).toMatch(/\/dist\/nx-docker-release-[\d.]+\.tgz$/);
    consumer = mkdtempSync(join(tmpdir(), 'e2e-consumer-'));
    mkdirSync(join(consumer, 'vendor'));
    copyFileSync(tarball, join(consumer, 'vendor', basename(tarball)));
    const nxVersion = require(join(WORKSPACE_ROOT, 'node_modules/nx/package.json')).version as string;
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, devDependencies: { nx: nxVersion, 'nx-docker-release': `file:vendor/${basename(tarball)}` } }));
    writeFileSync(join(consumer, 'nx.json'), JSON.stringify({ plugins: [{ plugin: 'nx-docker-release/plugin', options: { registry: `${registry.host}/acme` } }] }));
    writeFileSync(join(consumer, '.gitignore'), 'node_modules\n.nx\ndist\n');
    mkdirSync(join(consumer, 'svc'));
    writeFileSync(join(consumer, 'svc/project.json'), JSON.stringify({ name: 'svc' }));
    writeFileSync(join(consumer, 'svc/Dockerfile'), 'FROM scratch\nCOPY hello.txt /hello.txt\n');
    writeFileSync(join(consumer, 'svc/hello.txt'), 'hello\n');
    // What CI does with the committed lock file: npm ci.
    execFileSync('npm', ['install', '--package-lock-only', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: consumer, env, stdio: 'pipe' });
    execFileSync('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: consumer, env, stdio: 'pipe' });
    for (const args of [
      ['init', '-q', '--initial-branch=main'],
      ['add', '-A'],
      ['-c', 'user.name=e2e', '-c', 'user.email=e2e@x', 'commit', '-qm', 'init'],
    ]) {
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

  it('init writes a login default, ci-workflow writes the gates before the release; both idempotent; the default login releases', async () => {
    const nx = (args: string[], extra: Record<string, string> = {}) => spawnSync(join(consumer, 'node_modules/.bin/nx'), args, { cwd: consumer, env: { ...env, ...extra }, encoding: 'utf8' });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@x', ...args], { cwd: consumer, encoding: 'utf8' }).trim();
    for (const args of [
      ['g', 'nx-docker-release:init', '--usernameEnv=REG_USER', '--passwordEnv=REG_PASS', '--skipPackageJson', '--no-interactive'],
      ['g', 'nx-docker-release:ci-workflow', '--no-interactive'],
    ]) {
      const res = nx(args);
      expect(`${res.stdout}${res.stderr}`).not.toMatch(/error/i);
      expect(res.status).toBe(0);
    }
    type Job = { uses?: string; needs?: string; steps?: { run?: string; env?: Record<string, string> }[] };
    const read = (name: string) => parse(readFileSync(join(consumer, `.github/workflows/${name}.yml`), 'utf8')) as { jobs: Record<string, Job> };
    const release = read('release');
    expect(Object.keys(release.jobs)).toEqual(['gates', 'release']);
    expect(release.jobs.release.needs).toBe('gates');
    const affected = release.jobs.release.steps?.find((s) => s.run?.includes('nx affected -t release'));
    expect(affected?.env).toEqual({ REG_USER: '${{ secrets.REG_USER }}', REG_PASS: '${{ secrets.REG_PASS }}' });
    const gates = read('gates');
    expect(Object.keys(gates.jobs)).toEqual(['e2e', 'lint', 'secret-scan']);
    const runs = (job: Job) => (job.steps ?? []).map((st) => st.run).filter(Boolean);
    expect(runs(gates.jobs.e2e)).toEqual(['npm ci', 'npx nx affected -t test e2e --base="$NX_BASE" --head="$NX_HEAD" --output-style=stream']);
    expect(runs(gates.jobs.lint)).toEqual(['npm ci', 'npx nx affected -t lint --base="$NX_BASE" --head="$NX_HEAD" --output-style=stream']);
    // The review label is opt-in (--label): none by default.
    expect(Object.keys(read('pull-request').jobs)).toEqual(['gates', 'release-plan']);
    git('add', '-A');
    git('commit', '-qm', 'init + ci-workflow');
    for (const args of [
      ['g', 'nx-docker-release:init', '--usernameEnv=REG_USER', '--passwordEnv=REG_PASS', '--skipPackageJson', '--no-interactive'],
      ['g', 'nx-docker-release:ci-workflow', '--no-interactive'],
    ]) {
      expect(nx(args).status).toBe(0);
    }
    expect(git('status', '--porcelain')).toBe('');
    // No --login flags now: the plugin entry's default login gives the credentials.
    const res = nx(['run', 'svc:release', '--output-style=static'], { REG_USER: registry.user, REG_PASS: registry.password });
    expect(`${res.stdout}${res.stderr}`).toContain('docker-release: 1 project(s): 1 pushed');
    expect(res.status).toBe(0);
    const client = new RegistryClient(registry.host, registry.user, registry.password);
    expect(await client.tags('acme/svc')).toContain(`sha-${git('rev-parse', 'HEAD').slice(0, 7)}`);
  });
});

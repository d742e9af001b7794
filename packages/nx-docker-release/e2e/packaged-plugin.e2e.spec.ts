import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createConsumerWorkspace } from './support/consumer';
import { RegistryClient } from './support/registry-client';
import { startRegistry, type TestRegistry } from './support/registry';
import { requireDocker, type TempWorkspace } from './support/workspace';

/** The published form: built with @nx/js:tsc, packed, installed into a workspace with only nx. */
describe('the packed plugin in another workspace', () => {
  let registry: TestRegistry;
  let ws: TempWorkspace;

  beforeAll(async () => {
    requireDocker();
    registry = await startRegistry();
    ws = createConsumerWorkspace({
      'nx.json': JSON.stringify({ plugins: [{ plugin: 'nx-docker-release/plugin', options: { registry: `${registry.host}/acme` } }] }),
      'svc/project.json': JSON.stringify({ name: 'svc' }),
      'svc/Dockerfile': 'FROM scratch\nCOPY hello.txt /hello.txt\n',
      'svc/hello.txt': 'hello\n',
    });
  }, 300000);

  afterAll(async () => {
    await registry?.stop();
    ws?.remove();
  });

  it('infers the release target from the Dockerfile and pushes with the compiled executor (no TypeScript there)', async () => {
    const { status, output } = ws.nx(['run', 'svc:release', '--login.usernameEnv=REG_USER', '--login.passwordEnv=REG_PASS', '--output-style=static'], {
      REG_USER: registry.user,
      REG_PASS: registry.password,
    });
    expect(output).toContain('uploaded in');
    expect(status).toBe(0);
    const sha = ws.git('rev-parse', 'HEAD');
    const client = new RegistryClient(registry.host, registry.user, registry.password);
    expect(await client.tags('acme/svc')).toEqual(['latest', `sha-${sha.slice(0, 7)}`]);
  });

  it('init writes a login default, ci-workflow writes the gates before the release; both idempotent; the default login releases', async () => {
    const { nx, git } = ws;
    for (const args of [
      ['g', 'nx-docker-release:init', '--usernameEnv=REG_USER', '--passwordEnv=REG_PASS', '--skipPackageJson', '--no-interactive'],
      ['g', 'nx-docker-release:ci-workflow', '--no-interactive'],
    ]) {
      const { status, output } = nx(args);
      expect(output).not.toMatch(/error/i);
      expect(status).toBe(0);
    }
    type Job = { uses?: string; needs?: string; steps?: { run?: string; env?: Record<string, string> }[] };
    const read = (name: string) => parse(readFileSync(join(ws.root, `.github/workflows/${name}.yml`), 'utf8')) as { jobs: Record<string, Job> };
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
    const { status, output } = nx(['run', 'svc:release', '--output-style=static'], { REG_USER: registry.user, REG_PASS: registry.password });
    expect(output).toContain('docker-release: 1 project(s): 1 pushed');
    expect(status).toBe(0);
    const client = new RegistryClient(registry.host, registry.user, registry.password);
    expect(await client.tags('acme/svc')).toContain(`sha-${git('rev-parse', 'HEAD').slice(0, 7)}`);
  });
});

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { WORKSPACE_ROOT } from './support/workspace';

/**
 * The supported Nx majors, oldest and newest of the package's peer range (nx >=23 <25): the packed
 * plugin installed with `npm ci` into a workspace of each, with that Nx's own devkit. In each, the
 * inferred target, a generator and a dry run work, and no second devkit is nested under the plugin.
 */
const MAJORS = [
  { nx: '23.0.0', devkit: '23.0.0' },
  { nx: '24.0.6', devkit: '24.0.0' },
];

describe('the packed plugin on each supported Nx major', () => {
  const env = { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true', FORCE_COLOR: '0' };
  const workspaces = new Map<string, string>();

  beforeAll(async () => {
    const tarball = execFileSync('npm', ['run', '--silent', 'pack'], { cwd: WORKSPACE_ROOT, env, encoding: 'utf8' }).trim().split('\n').pop()!;
    // Both installs at once: the time is the registry's.
    await Promise.all(
      MAJORS.map(async ({ nx, devkit }) => {
        const root = mkdtempSync(join(tmpdir(), `e2e-nx${nx.split('.')[0]}-`));
        workspaces.set(nx, root);
        mkdirSync(join(root, 'vendor'));
        copyFileSync(tarball, join(root, 'vendor', basename(tarball)));
        const devDependencies = { nx, '@nx/devkit': devkit, 'nx-docker-release': `file:vendor/${basename(tarball)}` };
        writeFileSync(join(root, 'package.json'), JSON.stringify({ name: `consumer-nx${nx}`, private: true, devDependencies }, null, 2));
        writeFileSync(join(root, 'nx.json'), JSON.stringify({ plugins: [{ plugin: 'nx-docker-release/plugin', options: { registry: 'ghcr.io/acme' } }] }));
        writeFileSync(join(root, '.gitignore'), 'node_modules\n.nx\ndist\n');
        mkdirSync(join(root, 'svc'));
        writeFileSync(join(root, 'svc/project.json'), JSON.stringify({ name: 'svc' }));
        writeFileSync(join(root, 'svc/Dockerfile'), 'FROM scratch\nCOPY hello.txt /hello.txt\n');
        writeFileSync(join(root, 'svc/hello.txt'), 'hello\n');
        await npm(['install', '--package-lock-only', '--prefer-offline', '--no-audit', '--no-fund'], root);
        await npm(['ci', '--prefer-offline', '--no-audit', '--no-fund'], root);
        for (const args of [
          ['init', '-q', '--initial-branch=main'],
          ['remote', 'add', 'origin', 'https://github.com/acme/shop.git'],
          ['add', '-A'],
          ['-c', 'user.name=e2e', '-c', 'user.email=e2e@x', 'commit', '-qm', 'init'],
        ]) {
          execFileSync('git', args, { cwd: root, stdio: 'pipe' });
        }
      }),
    );
  }, 400000);

  afterAll(() => {
    for (const root of workspaces.values()) rmSync(root, { recursive: true, force: true });
  });

  function npm(args: string[], cwd: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn('npm', args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`npm ${args.join(' ')} in ${cwd}: ${err}`))));
    });
  }

  const nx = (root: string, args: string[]) => {
    const res = spawnSync(join(root, 'node_modules/.bin/nx'), args, { cwd: root, env, encoding: 'utf8', timeout: 180000 });
    return { status: res.status, output: `${res.stdout}${res.stderr}` };
  };

  it.each(MAJORS.map((m) => [m.nx]))('Nx %s: one devkit, the inferred target, a generator and a dry run', (version) => {
    const root = workspaces.get(version)!;
    expect(JSON.parse(readFileSync(join(root, 'node_modules/nx/package.json'), 'utf8')).version).toBe(version);
    // The plugin uses the workspace's devkit: no copy of its own.
    expect(existsSync(join(root, 'node_modules/nx-docker-release/node_modules/@nx/devkit'))).toBe(false);

    const shown = nx(root, ['show', 'project', 'svc', '--json']);
    expect(shown.status).toBe(0);
    const release = JSON.parse(shown.output.slice(shown.output.indexOf('{'))).targets.release;
    expect(release).toMatchObject({ executor: 'nx-docker-release:docker-release', options: { images: ['ghcr.io/acme/svc'] } });

    const generated = nx(root, ['g', 'nx-docker-release:ci-workflow', '--no-interactive']);
    expect(generated).toMatchObject({ status: 0 });
    expect(readFileSync(join(root, '.github/workflows/release.yml'), 'utf8')).toContain('nx affected -t release');

    const dry = nx(root, ['run', 'svc:release', '--dryRun', '--output-style=static']);
    expect(dry.output).toContain('ghcr.io/acme/svc:latest');
    expect(dry.output).toContain('dry run: nothing was built or pushed');
    expect(dry.status).toBe(0);
  });
});

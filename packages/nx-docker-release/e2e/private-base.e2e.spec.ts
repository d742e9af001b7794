import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pushLayerImage } from './support/realistic-base';
import { RegistryClient } from './support/registry-client';
import { startRegistry, type TestRegistry } from './support/registry';
import { createTempWorkspace, requireDocker, type TempWorkspace } from './support/workspace';

/**
 * A team's service FROM its own private images: one base in the registry the release goes to,
 * one in a second registry, both behind htpasswd. CI has no `docker login` and a fresh HOME:
 * the release's login list is all the engine gets, for those registries only.
 */
describe('private base images: every registry request of a build carries the release credentials', () => {
  let a: TestRegistry;
  let b: TestRegistry;
  let ws: TempWorkspace;
  let home: string;
  let client: RegistryClient;
  // Repositories the engine has never pulled: BuildKit must resolve them in the registries.
  const run = Math.random().toString(36).slice(2, 8);
  const TOOLS = `base/tools-${run}`;
  const RUNTIME = `base/runtime-${run}`;

  beforeAll(async () => {
    requireDocker();
    [a, b] = await Promise.all([startRegistry('team-a'), startRegistry('team-b')]);
    client = new RegistryClient(a.host, a.user, a.password);
    const dir = mkdtempSync(join(tmpdir(), 'e2e-private-base-'));
    try {
      for (const [registry, repository, file] of [
        [a, TOOLS, 'opt/tool.txt'],
        [b, RUNTIME, 'etc/runtime-release'],
      ] as const) {
        mkdirSync(join(dir, repository, file, '..'), { recursive: true });
        writeFileSync(join(dir, repository, file), `${repository}\n`);
        execFileSync('tar', ['-cf', join(dir, `${run}.tar`), '-C', join(dir, repository), file.split('/')[0] ?? '']);
        await pushLayerImage(registry, repository, '1', join(dir, `${run}.tar`));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    ws = createTempWorkspace();
    ws.write('services/privy/Dockerfile', `FROM ${a.host}/${TOOLS}:1 AS tools\nFROM ${b.host}/${RUNTIME}:1\nCOPY --from=tools /opt/tool.txt /opt/tool.txt\nCOPY app.txt /app/app.txt\n`);
    ws.write('services/privy/app.txt', 'v1\n');
    const login = [
      { registry: a.host, usernameEnv: 'A_USER', passwordEnv: 'A_PASS' },
      { registry: b.host, usernameEnv: 'B_USER', passwordEnv: 'B_PASS' },
    ];
    const options = { images: [`${a.host}/team/privy`], tags: ['type=sha', 'type=raw,value=latest'], login };
    ws.write('services/privy/project.json', JSON.stringify({ name: 'privy', root: 'services/privy', targets: { release: { executor: 'nx-docker-release:docker-release', options } } }));
    ws.commit('a service on two private bases');
    home = mkdtempSync(join(tmpdir(), 'e2e-fresh-home-'));
  }, 120000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    ws?.remove();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  // A CI runner: no docker login anywhere, a HOME nobody used.
  const envWith = (bPassword: string): Record<string, string> => ({ HOME: home, DOCKER_CONFIG: join(home, '.docker'), A_USER: a.user, A_PASS: a.password, B_USER: b.user, B_PASS: bPassword });

  it('the dry run names each registry the build reads and the variables it reads it with', () => {
    const { status, output } = ws.nx(['run', 'privy:release', '--dryRun'], envWith(b.password));
    expect(status).toBe(0);
    expect(output).toContain('the build reads:');
    expect(output).toContain(`  ${a.host} with $A_USER/$A_PASS: ${a.host}/${TOOLS}:1`);
    expect(output).toContain(`  ${b.host} with $B_USER/$B_PASS: ${b.host}/${RUNTIME}:1`);
  });

  it('releases without any docker login; no credential on an argv, in the daemon or in a file left behind', async () => {
    const started = Date.now();
    const argvs = new Set<string>();
    const sampler = setInterval(() => {
      for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
        try {
          argvs.add(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' '));
        } catch {
          // gone meanwhile
        }
      }
    }, 25);
    const { status, output } = await ws.nxAsync(['run', 'privy:release'], envWith(b.password)).finally(() => clearInterval(sampler));
    if (status !== 0) throw new Error(output);
    const { body } = await client.image('team/privy', 'latest');
    const layers = body.layers as { digest: string }[];
    const runtime = await new RegistryClient(b.host, b.user, b.password).image(RUNTIME, '1');
    // The runtime base's layer is the image's first: built FROM it, read from registry B.
    expect(layers[0]?.digest).toBe((runtime.body.layers as { digest: string }[])[0]?.digest);
    expect(argvs.size).toBeGreaterThan(20);
    expect([...argvs].some((argv) => argv.includes('buildx') && argv.includes('build'))).toBe(true);
    for (const secret of [a.password, b.password, Buffer.from(`${a.user}:${a.password}`).toString('base64'), Buffer.from(`${b.user}:${b.password}`).toString('base64')]) {
      expect(output).not.toContain(secret);
      expect([...argvs].filter((argv) => argv.includes(secret))).toEqual([]);
      expect(filesHolding(secret, [tmpdir(), home, '/etc/docker'], started)).toEqual([]);
      expect(execFileSync('docker', ['info', '--format', '{{json .}}'], { encoding: 'utf8' })).not.toContain(secret);
    }
    expect(existsSync(join(home, '.docker', 'config.json'))).toBe(false);
  }, 240000);

  it('a base registry refusing its credentials stops the run in one line naming it and the variable, before any build', async () => {
    ws.write('services/privy/app.txt', 'v2\n');
    const sha = ws.commit('a change to build');
    const { status, output } = await ws.nxAsync(['run', 'privy:release'], envWith('not-the-password'));
    expect(status).not.toBe(0);
    const line = output.split('\n').find((l) => l.includes('refused'));
    expect(line).toMatch(new RegExp(`base image ${b.host.replace(/\./g, '\\.')}/${RUNTIME}:1: registry ${b.host.replace(/\./g, '\\.')} refused the credentials in B_PASS`));
    expect(output).not.toContain('build with docker buildx build');
    expect(output).not.toMatch(/\n\s+at /);
    expect(await client.tags('team/privy')).not.toContain(`sha-${sha.slice(0, 7)}`);
  }, 120000);
});

/** Files modified since `since` under these roots (small ones, the registries' blob stores left out) holding `secret`. */
function filesHolding(secret: string, roots: string[], since: number): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      try {
        const stat = statSync(path);
        if (stat.isDirectory()) {
          if (name !== 'node_modules' && name !== 'blobs') walk(path);
        } else if (stat.isFile() && stat.mtimeMs >= since - 1000 && stat.size < 1 << 20 && readFileSync(path).includes(secret)) found.push(path);
      } catch {
        // vanished or unreadable: not left behind by us
      }
    }
  };
  roots.forEach(walk);
  return found;
}

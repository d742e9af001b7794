import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pushLayerImage } from './support/realistic-base';
import { RegistryClient } from './support/registry-client';
import { startRegistry, type TestRegistry } from './support/registry';
import { startSecondEngine, type SecondEngine } from './support/second-engine';
import { cloneWorkspace, createTempWorkspace, requireDocker, type TempWorkspace } from './support/workspace';

/**
 * `cache: "registry"` on a cold runner: a fresh clone, a new HOME without any docker login, and an
 * engine whose build cache was pruned. Only the registry cache can make the build stage's RUN
 * `CACHED`. The engine has the containerd image store (its docker driver exports caches); the
 * machine's own engine keeps the classic store, where a cache export is refused before any build.
 */
describe('layer caches: cache "registry" on a cold runner', () => {
  let registry: TestRegistry;
  let engine: SecondEngine;
  let ws: TempWorkspace;
  let client: RegistryClient;
  const dirs: string[] = [];
  const run = Math.random().toString(36).slice(2, 8);
  const TOOL = `base/tool-${run}`;
  const IMAGE = 'team/cachy';

  beforeAll(async () => {
    requireDocker();
    [registry, engine] = await Promise.all([startRegistry('cache-team'), startSecondEngine({ containerdStore: true })]);
    client = new RegistryClient(registry.host, registry.user, registry.password);
    // The build stage's base: a static program that takes 4 s and stamps its output with the time,
    // so a RUN that ran again gives another layer. Pushed over the registry API: no pulls.
    const dir = temp('e2e-cache-tool-');
    writeFileSync(
      join(dir, 'main.go'),
      'package main\n\nimport (\n\t"crypto/sha256"\n\t"fmt"\n\t"os"\n\t"time"\n)\n\nfunc main() {\n\tin, _ := os.ReadFile(os.Args[1])\n\ttime.Sleep(4 * time.Second)\n\tos.WriteFile(os.Args[2], []byte(fmt.Sprintf("%x %d\\n", sha256.Sum256(in), time.Now().UnixNano())), 0o644)\n}\n',
    );
    mkdirSync(join(dir, 'root', 'bin'), { recursive: true });
    execFileSync('go', ['build', '-buildvcs=false', '-o', join(dir, 'root', 'bin', 'tool'), 'main.go'], { cwd: dir, env: { ...process.env, CGO_ENABLED: '0' } });
    execFileSync('tar', ['-cf', join(dir, 'layer.tar'), '-C', join(dir, 'root'), 'bin']);
    await pushLayerImage(registry, TOOL, '1', join(dir, 'layer.tar'));
    ws = createTempWorkspace();
    ws.write(
      'services/cachy/Dockerfile',
      [
        `FROM ${registry.host}/${TOOL}:1 AS build`,
        'WORKDIR /work',
        'COPY build.txt /work/build.txt',
        'RUN --network=none ["/bin/tool", "/work/build.txt", "/work/out.txt"]',
        'FROM scratch',
        'COPY --from=build /work/out.txt /out.txt',
        'COPY app.txt /app.txt',
        '',
      ].join('\n'),
    );
    ws.write('services/cachy/build.txt', 'the build stage input\n');
    ws.write('services/cachy/app.txt', 'v1\n');
    const options = { images: [`${registry.host}/${IMAGE}`], tags: ['type=sha', 'type=raw,value=latest'], cache: 'registry', login: { usernameEnv: 'C_USER', passwordEnv: 'C_PASS' } };
    ws.write('services/cachy/project.json', JSON.stringify({ name: 'cachy', root: 'services/cachy', targets: { release: { executor: 'nx-docker-release:docker-release', options } } }));
    ws.commit('a multi-stage service with a registry layer cache');
  }, 180000);

  afterAll(async () => {
    await Promise.all([registry?.stop(), engine?.stop()]);
    ws?.remove();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  function temp(prefix: string): string {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  }

  /** A CI runner: no docker login anywhere, a HOME nobody used. */
  const runner = (extra: Record<string, string> = {}): Record<string, string> => {
    const home = temp('e2e-cache-home-');
    return { HOME: home, DOCKER_CONFIG: join(home, '.docker'), C_USER: registry.user, C_PASS: registry.password, ...extra };
  };
  const result = (root: string): { status: string; warnings?: string[] } => JSON.parse(readFileSync(join(root, 'dist/docker-release/cachy.json'), 'utf8')) as { status: string; warnings?: string[] };
  const firstLayer = async (): Promise<string> => ((await client.image(IMAGE, 'latest')).body.layers as { digest: string }[])[0]?.digest ?? '';

  it('after a change in the final stage only, the build stage RUN is CACHED from the registry cache and the release succeeds', async () => {
    const cacheRef = `${registry.host}/${IMAGE}:buildcache`;
    const first = await ws.nxAsync(['run', 'cachy:release'], runner({ DOCKER_HOST: engine.host }));
    if (first.status !== 0) throw new Error(first.output);
    expect(first.output).toContain(`--cache-to=type=registry,ref=${cacheRef},mode=max`);
    // Nothing exported yet: the import's "not found" is reported, not swallowed.
    expect(result(ws.root).warnings).toEqual([expect.stringContaining(`no layer cache at ${cacheRef} yet (not found)`)]);
    expect(await client.tags(IMAGE)).toContain('buildcache');
    const stamped = await firstLayer();

    // Cold runner: the engine forgets every build result and image; a fresh clone, a new HOME.
    execFileSync('docker', ['-H', engine.host, 'system', 'prune', '--all', '--force'], { stdio: 'ignore' });
    expect(execFileSync('docker', ['-H', engine.host, 'images', '--quiet'], { encoding: 'utf8' }).trim()).toBe('');
    ws.write('services/cachy/app.txt', 'v2\n');
    const sha = ws.commit('a change in the final stage only');
    const clone = cloneWorkspace(ws);
    dirs.push(clone.root);
    const second = await clone.nxAsync(['run', 'cachy:release'], runner({ DOCKER_HOST: engine.host }));
    if (second.status !== 0) throw new Error(second.output);
    const step = /#(\d+) \[build \d+\/\d+\] RUN --network=none \["\/bin\/tool"/.exec(second.output)?.[1];
    expect(step).toBeDefined();
    expect(second.output).toMatch(new RegExp(`#${step} CACHED`));
    expect(second.output).toContain(`importing cache manifest from ${cacheRef}`);
    expect(result(clone.root)).toMatchObject({ status: 'released' });
    expect(result(clone.root).warnings).toBeUndefined();
    expect(await client.tags(IMAGE)).toContain(`sha-${sha.slice(0, 7)}`);
    // The stage's output is the one the first run stamped: it came from the cache, not a new RUN.
    expect(await firstLayer()).toBe(stamped);
  }, 600000);

  it('on the classic image store, the docker driver cannot export: refused before any build, naming the fix', async () => {
    const store = spawnSync('docker', ['info', '--format', '{{json .DriverStatus}}'], { encoding: 'utf8' }).stdout;
    expect(store).not.toContain('io.containerd.snapshotter');
    const tags = await client.tags(IMAGE);
    const { status, output } = await ws.nxAsync(['run', 'cachy:release'], runner());
    expect(status).not.toBe(0);
    const line = output.split('\n').find((l) => l.includes('cannot export a layer cache'));
    expect(line).toMatch(
      /cache: the buildx builder "default" uses the docker driver on the classic image store, which cannot export a layer cache; turn on the containerd image store .*containerd-snapshotter.* or use a docker-container builder .*buildxBuilder/,
    );
    expect(output).not.toContain('build with docker buildx build');
    expect(output).not.toMatch(/\n\s+at /);
    expect(await client.tags(IMAGE)).toEqual(tags);
  }, 180000);
});

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFaultProxy, type FaultProxy } from './support/fault-proxy';
import { RegistryClient } from './support/registry-client';
import { startRegistry, type TestRegistry } from './support/registry';
import { startSecondEngine, type SecondEngine } from './support/second-engine';
import { createTempWorkspace, requireDocker, type TempWorkspace } from './support/workspace';

const REPO = 'e2e/multi-svc';

/** Several platforms in the default mode: one engine, one build per platform, one index per tag. */
describe('a two-platform release in the default pushMode', () => {
  let registry: TestRegistry;
  let proxy: FaultProxy;
  let ws: TempWorkspace;
  let client: RegistryClient;
  let env: Record<string, string>;
  let second: SecondEngine | undefined;
  const secondEngine = async (): Promise<SecondEngine> => (second ??= await startSecondEngine());

  beforeAll(async () => {
    requireDocker();
    registry = await startRegistry();
    proxy = await startFaultProxy(registry.host);
    client = new RegistryClient(registry.host, registry.user, registry.password);
    ws = createTempWorkspace();
    const dir = 'services/multi-svc';
    // One static binary per architecture, picked by BuildKit's TARGETARCH.
    goBinaries(dir, 'app', 'package main\n\nimport "runtime"\n\nfunc main() { println(runtime.GOARCH) }\n');
    ws.write(`${dir}/Dockerfile`, 'FROM scratch\nARG TARGETARCH\nCOPY bin/app-${TARGETARCH} /app\nENTRYPOINT ["/app"]\n');
    const options = {
      images: [`${proxy.host}/${REPO}`],
      tags: ['type=sha', 'type=raw,value=latest,enable={{is_default_branch}}', 'type=semver,pattern={{version}}'],
      releaseTagPattern: '{projectName}@{version}',
      platforms: ['linux/amd64', 'linux/arm64'],
      login: { usernameEnv: 'REG_USER', passwordEnv: 'REG_PASS' },
    };
    ws.write(`${dir}/project.json`, JSON.stringify({ name: 'multi-svc', root: dir, targets: { release: { executor: 'nx-docker-release:docker-release', options } } }));
    ws.commit('a service for two platforms');
    env = { REG_USER: registry.user, REG_PASS: registry.password };
  });

  afterAll(async () => {
    await second?.stop();
    await proxy?.stop();
    await registry?.stop();
    ws?.remove();
  });

  /** A Go module in `dir` built to bin/<name>-amd64 and bin/<name>-arm64 (static, standard library only). */
  function goBinaries(dir: string, name: string, source: string): void {
    ws.write(`${dir}/go.mod`, `module example.com/${name}\n\ngo 1.19\n`);
    ws.write(`${dir}/main.go`, source);
    for (const arch of ['amd64', 'arm64']) {
      execFileSync('go', ['build', '-trimpath', '-o', `bin/${name}-${arch}`, '.'], {
        cwd: join(ws.root, dir),
        env: { ...process.env, CGO_ENABLED: '0', GOOS: 'linux', GOARCH: arch, GOFLAGS: '-mod=mod' },
      });
    }
  }

  const result = () => JSON.parse(readFileSync(join(ws.root, 'dist/docker-release/multi-svc.json'), 'utf8'));

  it('every tag holds one index with exactly amd64 and arm64, each config naming its architecture', async () => {
    const sha = ws.git('rev-parse', 'HEAD').slice(0, 7);
    const { status, output } = await ws.nxAsync(['run', 'multi-svc:release'], env);
    if (status !== 0) throw new Error(output);
    expect(output).toContain('(linux/arm64, 2 of 2)');
    const latest = await client.manifest(REPO, 'latest');
    expect(latest.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect((await client.manifest(REPO, `sha-${sha}`)).digest).toBe(latest.digest);
    expect(result().digest).toBe(latest.digest);
    const all = latest.body.manifests as { digest: string; platform: { os: string; architecture: string }; annotations?: Record<string, string> }[];
    const entries = all.filter((e) => e.platform.os !== 'unknown');
    expect(entries.map((e) => `${e.platform.os}/${e.platform.architecture}`)).toEqual(['linux/amd64', 'linux/arm64']);
    // One provenance attestation per platform image, pointing at it (buildx's layout).
    expect(all.filter((e) => e.platform.os === 'unknown').map((e) => e.annotations?.['vnd.docker.reference.digest'])).toEqual(entries.map((e) => e.digest));
    for (const entry of entries) {
      const { raw } = await client.config(REPO, entry.digest);
      const config = JSON.parse(raw) as { architecture: string; os: string; config: { Labels: Record<string, string> } };
      expect(`${config.os}/${config.architecture}`).toBe(`${entry.platform.os}/${entry.platform.architecture}`);
      expect(config.config.Labels['org.opencontainers.image.revision']).toBe(ws.git('rev-parse', 'HEAD'));
    }
    // The binaries differ per platform: two image layers, not one reused.
    const layers = await Promise.all(entries.map(async (e) => ((await client.manifest(REPO, e.digest)).body.layers as { digest: string }[])[0].digest));
    expect(new Set(layers).size).toBe(2);
  });

  it('a release tag on that commit promotes the index: same digest, no blob uploaded, no build', async () => {
    const before = (await client.manifest(REPO, 'latest')).digest;
    ws.git('tag', 'multi-svc@1.4.0');
    proxy.reset();
    const { status, output } = await ws.nxAsync(['run', 'multi-svc:release'], env);
    if (status !== 0) throw new Error(output);
    expect(result().source).toBe('promoted');
    expect(output).not.toContain('build with docker buildx build');
    expect(proxy.stats.blobUploads).toBe(0);
    for (const tag of ['1.4.0', `sha-${ws.git('rev-parse', 'HEAD').slice(0, 7)}`]) expect((await client.manifest(REPO, tag)).digest).toBe(before);
  });

  it('a RUN step runs for arm64 under QEMU user emulation and its output lands in the arm64 image', async () => {
    // Fails, never skips, when emulation is missing: tools/setup.sh installs and registers it.
    if (!existsSync('/proc/sys/fs/binfmt_misc/qemu-aarch64') || !readFileSync('/proc/sys/fs/binfmt_misc/qemu-aarch64', 'utf8').startsWith('enabled')) {
      throw new Error('e2e needs QEMU user emulation for arm64 (qemu-user-static + binfmt_misc: run tools/setup.sh as root)');
    }
    const dir = 'services/run-svc';
    goBinaries(dir, 'tool', 'package main\n\nimport (\n\t"os"\n\t"runtime"\n)\n\nfunc main() { _ = os.WriteFile(os.Args[1], []byte("ran on "+runtime.GOARCH+"\\n"), 0o644) }\n');
    // Exec-form RUN of the platform's own binary: on this amd64 machine the arm64 one runs only under QEMU.
    ws.write(`${dir}/Dockerfile`, 'FROM scratch\nARG TARGETARCH\nCOPY bin/tool-${TARGETARCH} /tool\nRUN --network=none ["/tool", "/ran.txt"]\n');
    const options = { images: [`${proxy.host}/e2e/run-svc`], tags: ['type=sha'], platforms: ['linux/amd64', 'linux/arm64'], login: { usernameEnv: 'REG_USER', passwordEnv: 'REG_PASS' } };
    ws.write(`${dir}/project.json`, JSON.stringify({ name: 'run-svc', root: dir, targets: { release: { executor: 'nx-docker-release:docker-release', options } } }));
    const sha = ws.commit('a service with a RUN step for two platforms').slice(0, 7);
    const { status, output } = await ws.nxAsync(['run', 'run-svc:release'], env);
    if (status !== 0) throw new Error(output);
    const index = await client.manifest('e2e/run-svc', `sha-${sha}`);
    const entries = (index.body.manifests as { digest: string; platform: { os: string; architecture: string } }[]).filter((e) => e.platform.os !== 'unknown');
    for (const entry of entries) {
      const blobs = await client.blobs('e2e/run-svc', entry.digest);
      expect(blobs.some((b) => b.includes(`ran on ${entry.platform.architecture}\n`))).toBe(true);
    }
    expect(entries.map((e) => e.platform.architecture)).toEqual(['amd64', 'arm64']);
  });

  it('split across two engines: each publishes its platform by digest, untagged; the merge tags one index of both', async () => {
    const second = await secondEngine();
    {
      ws.write('services/multi-svc/NOTES.txt', 'a change in the context: a new content key, a new build\n');
      const sha = ws.commit('a split release').slice(0, 7);
      const published: Record<string, string> = {};
      for (const [platform, extra] of [
        ['linux/amd64', {}],
        ['linux/arm64', { DOCKER_HOST: second.host }],
      ] as const) {
        const { status, output } = await ws.nxAsync(['run', 'multi-svc:release', '--split=platforms', `--platforms=${platform}`], { ...env, ...extra });
        if (status !== 0) throw new Error(output);
        const part = result();
        expect(part.status).toBe('by-digest');
        expect(part.tagResults).toEqual([]);
        expect(part.platformDigests).toHaveLength(1);
        published[part.platformDigests[0].platform] = part.platformDigests[0].digest;
      }
      // Nothing is tagged before the merge.
      expect(await client.tags(REPO)).not.toContain(`sha-${sha}`);
      const { status, output } = await ws.nxAsync(['run', 'multi-svc:release', '--split=merge'], env);
      if (status !== 0) throw new Error(output);
      expect(result().status).toBe('released');
      const index = await client.manifest(REPO, `sha-${sha}`);
      expect((await client.manifest(REPO, 'latest')).digest).toBe(index.digest);
      const entries = (index.body.manifests as { digest: string; platform: { os: string; architecture: string } }[]).filter((e) => e.platform.os !== 'unknown');
      // The same platform set as the one-machine release, each entry the very manifest its run published.
      expect(entries.map((e) => `${e.platform.os}/${e.platform.architecture}`)).toEqual(['linux/amd64', 'linux/arm64']);
      expect(Object.fromEntries(entries.map((e) => [`${e.platform.os}/${e.platform.architecture}`, e.digest]))).toEqual(published);
    }
  });

  it('the dockerHost option builds on another engine: the image is there, not in the default engine', async () => {
    const second = await secondEngine();
    const dir = 'services/second-svc';
    ws.write(`${dir}/Dockerfile`, 'FROM scratch\nCOPY hello.txt /hello.txt\n');
    ws.write(`${dir}/hello.txt`, 'built on the second engine\n');
    const options = { images: [`${proxy.host}/e2e/second-svc`], tags: ['type=sha'], login: { usernameEnv: 'REG_USER', passwordEnv: 'REG_PASS' } };
    ws.write(`${dir}/project.json`, JSON.stringify({ name: 'second-svc', root: dir, targets: { release: { executor: 'nx-docker-release:docker-release', options } } }));
    const sha = ws.commit('a service built on another engine').slice(0, 7);
    const { status, output } = await ws.nxAsync(['run', 'second-svc:release', `--dockerHost=${second.host}`], env);
    if (status !== 0) throw new Error(output);
    expect(await client.tags('e2e/second-svc')).toEqual([`sha-${sha}`]);
    const local = (host?: string) => execFileSync('docker', [...(host ? ['-H', host] : []), 'image', 'ls', '--format', '{{.Repository}}:{{.Tag}}'], { encoding: 'utf8' });
    expect(local(second.host)).toContain(`${proxy.host}/e2e/second-svc:sha-${sha}`);
    expect(local()).not.toContain(`/e2e/second-svc:sha-${sha}`);
  });
});

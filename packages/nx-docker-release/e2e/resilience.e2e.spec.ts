import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFaultProxy, type FaultProxy } from './support/fault-proxy';
import { publishBase } from './support/realistic-base';
import { recordingDocker } from './support/recording-docker';
import { RegistryClient } from './support/registry-client';
import { startRegistry, type TestRegistry } from './support/registry';
import { createTempWorkspace, requireDocker, type TempWorkspace } from './support/workspace';

const REPO = 'kyma-project/kyma-companion/ai-backend';

interface Result {
  labels: Record<string, string>;
  status: string;
  digest: string;
  source: string;
  tags: string[];
  tagResults: { tag: string; status: string; reason?: string }[];
  blobs?: { uploaded: number; alreadyPresent: number };
}

/** Releases through a fault-injecting proxy in front of the real loopback registry. */
describe('releases survive a flaky registry, promote by retag, complete partial failures', () => {
  let registry: TestRegistry;
  let proxy: FaultProxy;
  let ws: TempWorkspace;
  let direct: RegistryClient;
  let env: Record<string, string>;
  let userConfig: string;

  beforeAll(async () => {
    requireDocker();
    registry = await startRegistry();
    proxy = await startFaultProxy(registry.host);
    direct = new RegistryClient(registry.host, registry.user, registry.password);
    // A realistic image: the backend FROM a ~330 MB base this registry holds and the engine pulled.
    const base = await publishBase(registry, 'base/toolchain');
    userConfig = mkdtempSync(join(tmpdir(), 'e2e-user-docker-'));
    writeFileSync(join(userConfig, 'config.json'), JSON.stringify({ auths: { [registry.host]: { auth: Buffer.from(`${registry.user}:${registry.password}`).toString('base64') } } }));
    ws = createTempWorkspace();
    // The image is the base plus one small file each test changes: the faults are in the push, not the build.
    ws.write('assistant/backend/Dockerfile', `FROM ${base.ref}\nCOPY assistant/backend/VERSION /VERSION\n`);
    ws.write('assistant/backend/Dockerfile.dockerignore', '*\n!assistant/backend/VERSION\n');
    ws.write('assistant/backend/VERSION', 'initial\n');
    const projectFile = join(ws.root, 'assistant/backend/project.json');
    const project = JSON.parse(readFileSync(projectFile, 'utf8'));
    Object.assign(project.targets.release.options, {
      releaseTagPattern: '{projectName}@{version}',
      tags: ['type=sha', 'type=raw,value=latest,enable={{is_default_branch}}', 'type=semver,pattern={{version}}'],
      retry: { attempts: 20, minDelayMs: 10, maxDelayMs: 200 }, // an upload attempt is a POST and a PUT: at 30% faults 12 attempts all fail once in ~3,000 blobs, 20 once in ~700,000
      immutableTags: true,
    });
    writeFileSync(projectFile, JSON.stringify(project, null, 2));
    ws.commit('backend: fast retries for the test');
    env = { GH_CR_USER: registry.user, GH_CR_PAT: registry.password, JFROG_IDENTITY_USER: 'u', JFROG_IDENTITY_TOKEN: 'token-value', DOCKER_CONFIG: userConfig };
  }, 240000);

  afterAll(async () => {
    await proxy?.stop();
    await registry?.stop();
    ws?.remove();
    if (userConfig) rmSync(userConfig, { recursive: true, force: true });
  });

  const release = (...args: string[]) => ws.nxAsync(['run', 'backend:release', `--registry=${proxy.host}`, '--output-style=static', ...args], env);
  const result = (): Result => JSON.parse(readFileSync(join(ws.root, 'dist/docker-release/backend.json'), 'utf8'));
  const short = () => ws.git('rev-parse', 'HEAD').slice(0, 7);

  it('20 releases in a row with 30% injected faults all succeed, every tag on the right digest', async () => {
    proxy.setFaults(0.3, 'mixed');
    proxy.reset();
    for (let i = 0; i < 20; i++) {
      ws.write('assistant/backend/VERSION', `flaky-${i}\n`);
      ws.commit(`flaky release ${i}`);
      const { status, output } = await release('--skipUnchanged=false');
      if (status !== 0) throw new Error(`release ${i} failed:\n${output}`);
      const res = result();
      expect(res.status).toBe('released');
      for (const tag of ['latest', `sha-${short()}`]) {
        expect((await direct.manifest(REPO, tag)).digest).toBe(res.digest);
      }
    }
    expect(proxy.stats.injected).toBeGreaterThan(20);
    proxy.setFaults(0);
  });

  it('a 401 fails within seconds, without retries, naming the registry and the variable', async () => {
    proxy.setFaults(1, '401');
    proxy.reset();
    ws.write('assistant/backend/VERSION', 'unauthorized\n');
    ws.commit('401 release');
    const started = Date.now();
    const { status, output } = await release();
    const seconds = (Date.now() - started) / 1000;
    proxy.setFaults(0);
    expect(status).not.toBe(0);
    expect(output).toContain(`registry ${proxy.host} refused the credentials in GH_CR_PAT (HTTP 401); not retried`);
    expect(output).not.toContain('retry:');
    expect(proxy.stats.requests).toBe(1);
    expect(seconds).toBeLessThan(20);
  });

  it('a tag push for a commit main already released builds nothing, uploads no layer, keeps the digest', async () => {
    ws.write('assistant/backend/VERSION', 'promote\n');
    ws.commit('main build');
    const main = await release();
    expect(main.status).toBe(0);
    const branchDigest = result().digest;

    ws.git('tag', 'backend@2.0.0');
    proxy.reset();
    const docker = recordingDocker();
    const { status, output } = await release(`--docker=${docker.path}`);
    expect(status).toBe(0);
    expect(output).toContain('promote:');
    expect(docker.calls()).toEqual([]); // no build, no save
    expect(proxy.stats.blobUploads).toBe(0);
    const res = result();
    expect(res).toMatchObject({ source: 'promoted', digest: branchDigest });
    expect((await direct.manifest(REPO, '2.0.0')).digest).toBe(branchDigest);
    // Reported = true: the promoted image keeps the main build's labels, and the result says so.
    const held = (await direct.config(REPO, '2.0.0')).labels;
    expect(res.labels).toEqual(held);
    expect(held['org.opencontainers.image.version']).not.toBe('2.0.0');
    expect(output).toMatch(/warning: promotion keeps the labels of .*org\.opencontainers\.image\.version=/);
    expect(res.tagResults).toEqual(
      expect.arrayContaining([
        { tag: `${proxy.host}/${REPO}:2.0.0`, status: 'pushed' },
        { tag: `${proxy.host}/${REPO}:sha-${short()}`, status: 'already-present' },
      ]),
    );
  });

  it('a tag that cannot be written fails the run with per-tag results; the re-run completes it without rebuilding', async () => {
    ws.write('assistant/backend/VERSION', 'partial\n');
    ws.commit('partial failure');
    proxy.failWhen((method, url) => method === 'PUT' && url.endsWith('/manifests/latest'));
    const first = await release('--retry.attempts=2');
    proxy.failWhen(undefined);
    expect(first.status).not.toBe(0);
    const failed = result();
    expect(failed.status).toBe('failed');
    expect(failed.tagResults.find((t) => t.tag.endsWith(':latest'))).toMatchObject({ status: 'failed' });
    expect(failed.tagResults.find((t) => t.tag.endsWith(`:sha-${short()}`))).toMatchObject({ status: 'pushed' });

    proxy.reset();
    const docker = recordingDocker();
    const second = await release(`--docker=${docker.path}`);
    expect(second.status).toBe(0);
    expect(docker.calls()).toEqual([]);
    expect(proxy.stats.blobUploads).toBe(0);
    const done = result();
    expect(done.digest).toBe(failed.digest);
    expect(done.tagResults.find((t) => t.tag.endsWith(':latest'))).toMatchObject({ status: 'pushed' });
    expect((await direct.manifest(REPO, 'latest')).digest).toBe(failed.digest);
  });

  it('immutableTags refuses to move a version tag to another digest', async () => {
    ws.write('assistant/backend/VERSION', 'moved\n');
    ws.commit('another commit with the same version tag');
    ws.git('tag', '-f', 'backend@2.0.0');
    const before = (await direct.manifest(REPO, '2.0.0')).digest;
    const { status } = await release();
    expect(status).not.toBe(0);
    expect(result().tagResults.find((t) => t.tag.endsWith(':2.0.0'))).toMatchObject({ status: 'failed', reason: expect.stringContaining('immutable: 2.0.0 already points at') });
    expect((await direct.manifest(REPO, '2.0.0')).digest).toBe(before);
  });
});

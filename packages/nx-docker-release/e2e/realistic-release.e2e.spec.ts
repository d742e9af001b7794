import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFaultProxy, type FaultProxy } from './support/fault-proxy';
import { publishBase, type PublishedBase } from './support/realistic-base';
import { RegistryClient } from './support/registry-client';
import { startRegistry, type TestRegistry } from './support/registry';
import { cloneWorkspace, createTempWorkspace, requireDocker, type TempWorkspace } from './support/workspace';

interface Result {
  status: string;
  digest: string;
  source: string;
  blobs?: { uploaded: number; alreadyPresent: number; copied?: number };
}

/**
 * Real service images: FROM a large compressible base that a registry already holds and the
 * engine has pulled (as on a CI runner), one small file changing per release. The base lives in
 * registry A; the service is released to registry B (behind a counting proxy), so the first
 * release must bring the base layer to B, and every later one must send only what changed.
 */
describe('realistic images: a big base in another registry, a one-file change, a cold runner', () => {
  let baseRegistry: TestRegistry;
  let target: TestRegistry;
  let proxy: FaultProxy;
  let base: PublishedBase;
  let ws: TempWorkspace;
  let userConfig: string;
  let client: RegistryClient;
  let env: Record<string, string>;
  const REPO = 'e2e/toolchain-svc';

  beforeAll(async () => {
    requireDocker();
    [baseRegistry, target] = await Promise.all([startRegistry('base-reader'), startRegistry('releaser')]);
    proxy = await startFaultProxy(target.host);
    client = new RegistryClient(target.host, target.user, target.password);
    base = await publishBase(baseRegistry, 'base/toolchain');
    // The runner's own docker login, for the base registry only (the release has its own login).
    userConfig = mkdtempSync(join(tmpdir(), 'e2e-user-docker-'));
    writeFileSync(join(userConfig, 'config.json'), JSON.stringify({ auths: { [baseRegistry.host]: { auth: Buffer.from(`${baseRegistry.user}:${baseRegistry.password}`).toString('base64') } } }));
    ws = createTempWorkspace();
    service(ws, 'toolchain-svc', base.ref);
    ws.commit('a service on a realistic base');
    env = { REG_USER: target.user, REG_PASS: target.password, DOCKER_CONFIG: userConfig };
  }, 240000);

  afterAll(async () => {
    await proxy?.stop();
    await Promise.all([baseRegistry?.stop(), target?.stop()]);
    ws?.remove();
    if (userConfig) rmSync(userConfig, { recursive: true, force: true });
  });

  function service(at: TempWorkspace, name: string, from: string): void {
    at.write(`services/${name}/Dockerfile`, `FROM ${from}\nCOPY app.txt /app/app.txt\n`);
    at.write(`services/${name}/app.txt`, 'first\n');
    const options = { images: [`${proxy.host}/e2e/${name}`], tags: ['type=sha', 'type=raw,value=latest'], login: { registry: proxy.host, usernameEnv: 'REG_USER', passwordEnv: 'REG_PASS' } };
    at.write(`services/${name}/project.json`, JSON.stringify({ name, root: `services/${name}`, targets: { release: { executor: 'nx-docker-release:docker-release', options } } }));
  }

  const resultIn = (at: TempWorkspace, name = 'toolchain-svc'): Result => JSON.parse(readFileSync(join(at.root, `dist/docker-release/${name}.json`), 'utf8'));

  it('the first release copies the base layer from registry A to B blob to blob: same digest, nothing compressed', async () => {
    proxy.reset();
    const { status, output } = await ws.nxAsync(['run', 'toolchain-svc:release'], env);
    if (status !== 0) throw new Error(output);
    const result = resultIn(ws);
    expect(result.blobs).toEqual({ uploaded: 2, alreadyPresent: 0, copied: 1 });
    const { body } = await client.image(REPO, 'latest');
    const layers = body.layers as { digest: string; size: number }[];
    // BuildKit compressing the layer again would give another digest (another gzip) and cost ~15 s of CPU.
    expect(layers[0]).toMatchObject({ digest: base.layerDigest, size: base.layerSize });
    expect(layers).toHaveLength(2);
    expect(output).not.toContain(target.password);
    expect(output).not.toContain(baseRegistry.password);
    // The provenance names the base by the digest its registry resolved it at before the build.
    const baseDigest = (await new RegistryClient(baseRegistry.host, baseRegistry.user, baseRegistry.password).manifest('base/toolchain', '1')).digest;
    const [statement] = await client.statements(REPO, 'latest');
    const dependencies = (statement?.predicate as { buildDefinition: { resolvedDependencies: { uri: string; digest?: { sha256?: string } }[] } }).buildDefinition.resolvedDependencies;
    expect(dependencies).toContainEqual({ uri: `pkg:docker/${base.ref}`, digest: { sha256: baseDigest.replace('sha256:', '') } });
  });

  it('on a cold runner the next release after a one-file change uploads only the changed layer and the config', async () => {
    ws.write('services/toolchain-svc/app.txt', 'second\n');
    const sha = ws.commit('one file changed');
    const clone = cloneWorkspace(ws);
    const home = mkdtempSync(join(tmpdir(), 'e2e-home-'));
    try {
      execFileSync('docker', ['builder', 'prune', '-af'], { stdio: 'ignore' }); // no BuildKit cache: the engine keeps only its pulled images
      proxy.reset();
      const { status, output } = await clone.nxAsync(['run', 'toolchain-svc:release'], { ...env, HOME: home });
      if (status !== 0) throw new Error(output);
      const result = resultIn(clone);
      expect(result.blobs).toEqual({ uploaded: 2, alreadyPresent: 1, copied: 0 });
      // What reached the registry: the changed layer and the config, plus the provenance statement
      // and its config; the image and attestation manifests by digest, the index under two tags.
      expect(proxy.stats.blobUploads).toBe(4);
      expect(proxy.stats.manifestPuts).toBe(4);
      const { body } = await client.image(REPO, `sha-${sha.slice(0, 7)}`);
      expect((body.layers as { digest: string }[])[0].digest).toBe(base.layerDigest);
      expect((await client.manifest(REPO, 'latest')).digest).toBe(result.digest);
    } finally {
      clone.remove();
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('a 1 GB image releases with the executor under 250 MB of memory (the copied base streams through)', async () => {
    const big = await publishBase(baseRegistry, 'base/toolchain-1g', 3);
    expect(big.rawSize).toBeGreaterThan(900 * 1024 * 1024);
    service(ws, 'big-svc', big.ref);
    ws.commit('a service on a 1 GB base');
    const { status, output } = await ws.nxAsync(['run', 'big-svc:release'], env);
    if (status !== 0) throw new Error(output);
    expect(resultIn(ws, 'big-svc').blobs).toEqual({ uploaded: 2, alreadyPresent: 0, copied: 1 });
    const rss = Number(/peak rss (\d+) MB/.exec(output)?.[1]);
    expect(rss).toBeGreaterThan(0);
    expect(rss).toBeLessThan(250);
    const layers = (await client.image('e2e/big-svc', 'latest')).body.layers as { digest: string }[];
    expect(layers[0].digest).toBe(big.layerDigest);
  }, 300000);
});

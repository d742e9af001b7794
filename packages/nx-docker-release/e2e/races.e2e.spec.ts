import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setUpBackendRelease, tearDownBackendRelease, type BackendSetup } from './support/backend-setup';
import { pushLayerImage } from './support/realistic-base';
import { cloneWorkspace, type TempWorkspace } from './support/workspace';

type TagResult = { tag: string; status: string; reason?: string };
type Result = { status: string; source?: string; digest: string; tags: string[]; tagResults: TagResult[]; reason?: string; warnings?: string[] };
const result = (ws: TempWorkspace): Result => JSON.parse(readFileSync(join(ws.root, 'dist/docker-release/raced.json'), 'utf8'));

/**
 * Runs that race for the same tags, with a real engine and registry: whatever the timing, every
 * tag a run reports as its own holds the digest it reports, or the run failed naming the tag;
 * one commit's tags end on one image; `latest` never goes back to an older commit.
 */
describe('races: what the registry holds is what each run reported', () => {
  let setup: BackendSetup;
  const clones: TempWorkspace[] = [];
  const REPO = 'team/raced';

  beforeAll(async () => {
    setup = await setUpBackendRelease({}, { toolchain: false });
    const dir = mkdtempSync(join(tmpdir(), 'e2e-raced-base-'));
    try {
      writeFileSync(join(dir, 'base-note'), 'base\n');
      execFileSync('tar', ['-cf', join(dir, 'layer.tar'), '-C', dir, 'base-note']);
      await pushLayerImage(setup.registry, 'base/raced', '1', join(dir, 'layer.tar'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const { ws, registry } = setup;
    ws.write('services/raced/Dockerfile', `FROM ${registry.host}/base/raced:1\nCOPY services/raced/app.txt /app.txt\n`);
    ws.write('services/raced/Dockerfile.dockerignore', '*\n!services/raced/app.txt\n');
    ws.write('services/raced/app.txt', 'one\n');
    const tags = ['type=sha', 'type=semver,pattern={{version}}', 'type=raw,value=latest'];
    const options = { images: [`${registry.host}/${REPO}`], tags, context: '.', file: 'services/raced/Dockerfile' };
    ws.write('services/raced/project.json', JSON.stringify({ name: 'raced', root: 'services/raced', targets: { release: { executor: 'nx-docker-release:docker-release', dependsOn: [], options } } }));
    ws.commit('a small service the runs race for');
  }, 300000);

  afterAll(async () => {
    for (const clone of clones) clone.remove();
    await tearDownBackendRelease(setup);
  });

  const clone = (): TempWorkspace => {
    const ws = cloneWorkspace(setup.ws);
    clones.push(ws);
    return ws;
  };
  const release = (ws: TempWorkspace, ...args: string[]) => ws.nxAsync(['run', 'raced:release', `--registry=${setup.registry.host}`, '--output-style=static', ...args], setup.env);
  const digestOf = async (tag: string): Promise<string> => (await setup.client.manifest(REPO, tag)).digest;
  const revisionOf = async (tag: string): Promise<string> => (await setup.client.config(REPO, tag)).labels['org.opencontainers.image.revision'];

  /** A run's report against the registry: released and every tag it names holds its digest, or failed naming a tag. */
  async function reportIsTrue(ws: TempWorkspace, run: { status: number; output: string }): Promise<Result> {
    const r = result(ws);
    if (run.status === 0) {
      expect(r.status).toBe('released');
      for (const ref of r.tags) expect(`${ref} ${await digestOf(ref.slice(ref.lastIndexOf(':') + 1))}`).toBe(`${ref} ${r.digest}`);
    } else {
      expect(r.status).toBe('failed');
      expect(r.tagResults.some((t) => t.status === 'failed' && /moved-by-another-run|immutable/.test(t.reason ?? ''))).toBe(true);
    }
    return r;
  }

  it("the same commit from two clones at once: both reports are true and the commit's tags name one image", async () => {
    const sha = setup.ws.git('rev-parse', 'HEAD').slice(0, 7);
    const [a, b] = [clone(), clone()];
    const runs = await Promise.all([release(a), release(b)]);
    const reports = [await reportIsTrue(a, runs[0]), await reportIsTrue(b, runs[1])];
    expect(reports.some((r) => r.status === 'released')).toBe(true);
    expect(await digestOf('latest')).toBe(await digestOf(`sha-${sha}`));
  }, 600000);

  it('immutableTags: one version tag from two clones at once ends with the sha- tag on one image, and a rerun repairs', async () => {
    setup.ws.write('services/raced/app.txt', 'two\n');
    setup.ws.commit('version 9.9.3');
    setup.ws.git('tag', '9.9.3');
    const sha = setup.ws.git('rev-parse', 'HEAD').slice(0, 7);
    const [a, b] = [clone(), clone()];
    const runs = await Promise.all([release(a, '--immutableTags'), release(b, '--immutableTags')]);
    await reportIsTrue(a, runs[0]);
    await reportIsTrue(b, runs[1]);
    const rerun = await release(a, '--immutableTags');
    if (rerun.status !== 0) throw new Error(rerun.output);
    const repaired = await reportIsTrue(a, rerun);
    expect(await digestOf('9.9.3')).toBe(repaired.digest);
    expect(await digestOf(`sha-${sha}`)).toBe(repaired.digest);
  }, 600000);

  it('an older commit released again after a newer one: latest stays on the newer image, reported skipped, the run succeeds', async () => {
    const older = setup.ws.git('rev-parse', 'HEAD');
    setup.ws.write('services/raced/app.txt', 'three\n');
    const newer = setup.ws.commit('a newer commit');
    const fresh = clone();
    const first = await release(fresh);
    if (first.status !== 0) throw new Error(first.output);
    expect(await revisionOf('latest')).toBe(newer);

    const old = clone();
    old.git('checkout', '--quiet', older);
    const rerun = await release(old);
    if (rerun.status !== 0) throw new Error(rerun.output);
    const r = await reportIsTrue(old, rerun);
    expect(r.tagResults.find((t) => t.tag.endsWith(':latest'))).toMatchObject({ status: 'skipped', reason: expect.stringContaining(`holds an image of ${newer.slice(0, 12)}, a later commit`) });
    expect(r.tags.some((t) => t.endsWith(':latest'))).toBe(false);
    expect(await revisionOf('latest')).toBe(newer);
  }, 600000);

  it('two commits racing for latest: it ends on the newer commit and both reports are true', async () => {
    const older = setup.ws.git('rev-parse', 'HEAD');
    setup.ws.write('services/raced/app.txt', 'four\n');
    const newer = setup.ws.commit('the newest commit');
    const [old, recent] = [clone(), clone()];
    old.git('checkout', '--quiet', older);
    // The older run's image is new too (rebuilt, not promoted): both race to put latest.
    const runs = await Promise.all([release(old, '--promote=false'), release(recent)]);
    await reportIsTrue(old, runs[0]);
    await reportIsTrue(recent, runs[1]);
    expect(await revisionOf('latest')).toBe(newer);
  }, 600000);
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BACKEND_REPO, setUpBackendRelease, tearDownBackendRelease, type BackendSetup } from './support/backend-setup';
import { pushLayerImage } from './support/realistic-base';
import { cloneWorkspace, type TempWorkspace } from './support/workspace';

type Result = { status: string; source?: string; digest: string; tags: string[]; labels: Record<string, string>; reason?: string };
const result = (ws: TempWorkspace, project: string): Result => JSON.parse(readFileSync(join(ws.root, `dist/docker-release/${project}.json`), 'utf8'));

/**
 * The content key is what the image is built from, no more and no less: the same commit gives the
 * same key from any clone (so a second release promotes), and a changed build-arg value or a base
 * tag moved in the registry gives another one (so the image is rebuilt). The dirty check follows
 * the image's real inputs, the `build` task's sources included.
 */
describe('the content key and the dirty check follow what the image is built from', () => {
  let setup: BackendSetup;
  const clones: TempWorkspace[] = [];
  const KEYED = 'team/keyed';

  /** A one-file base image `<registry>/base/keyed:1` whose content is `note`. */
  async function pushBase(note: string): Promise<void> {
    const dir = mkdtempSync(join(tmpdir(), 'e2e-keyed-base-'));
    try {
      writeFileSync(join(dir, 'base-note'), `${note}\n`);
      execFileSync('tar', ['-cf', join(dir, 'layer.tar'), '-C', dir, 'base-note']);
      await pushLayerImage(setup.registry, 'base/keyed', '1', join(dir, 'layer.tar'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  beforeAll(async () => {
    setup = await setUpBackendRelease();
    await pushBase('first');
    const { ws, registry } = setup;
    // A root-context service whose image depends on a build arg evaluated from the environment.
    ws.write('services/keyed/Dockerfile', `FROM ${registry.host}/base/keyed:1\nARG APP_VERSION\nLABEL app.version=$APP_VERSION\nCOPY services/keyed/app.txt /app.txt\n`);
    ws.write('services/keyed/Dockerfile.dockerignore', '*\n!services/keyed/app.txt\n');
    ws.write('services/keyed/app.txt', 'keyed\n');
    const options = { images: [`${registry.host}/${KEYED}`], tags: ['type=sha'], context: '.', file: 'services/keyed/Dockerfile', buildArgs: { APP_VERSION: '${{ env.APP_VERSION }}' } };
    ws.write('services/keyed/project.json', JSON.stringify({ name: 'keyed', root: 'services/keyed', targets: { release: { executor: 'nx-docker-release:docker-release', dependsOn: [], options } } }));
    ws.commit('a service keyed by a build arg');
  }, 300000);

  afterAll(async () => {
    for (const clone of clones) clone.remove();
    await tearDownBackendRelease(setup);
  });

  const release = (ws: TempWorkspace, project: string, env: Record<string, string> = {}, ...args: string[]) =>
    ws.nxAsync(['run', `${project}:release`, `--registry=${setup.registry.host}`, '--output-style=static', ...args], { ...setup.env, ...env });

  it('the same commit released from two fresh clones: the second promotes and sha- keeps its digest', async () => {
    const sha = setup.ws.git('rev-parse', 'HEAD').slice(0, 7);
    const [one, two] = [cloneWorkspace(setup.ws), cloneWorkspace(setup.ws)];
    clones.push(one, two);
    const first = await release(one, 'backend');
    if (first.status !== 0) throw new Error(first.output);
    expect(result(one, 'backend')).toMatchObject({ status: 'released', source: 'uploaded' });
    const built = await setup.client.manifest(BACKEND_REPO, `sha-${sha}`);

    const second = await release(two, 'backend');
    if (second.status !== 0) throw new Error(second.output);
    expect(result(two, 'backend').source).toMatch(/^(promoted|unchanged)$/);
    expect(result(two, 'backend').digest).toBe(result(one, 'backend').digest);
    expect((await setup.client.manifest(BACKEND_REPO, `sha-${sha}`)).digest).toBe(built.digest);
    // The key is the clone's sources, not its .git, .nx or dist: both clones planned the same one.
    const key = (ws: TempWorkspace) => result(ws, 'backend').labels['dev.nx-docker-release.content-key'];
    expect(key(one)).toMatch(/^sha256:/);
    expect(key(two)).toBe(key(one));
  }, 600000);

  it('another build-arg value and a base tag moved in the registry each rebuild; the same inputs promote', async () => {
    const ws = setup.ws;
    const v1 = await release(ws, 'keyed', { APP_VERSION: '1.0.0' });
    if (v1.status !== 0) throw new Error(v1.output);
    expect(result(ws, 'keyed').source).toBe('uploaded');
    const first = result(ws, 'keyed').digest;

    const again = await release(ws, 'keyed', { APP_VERSION: '1.0.0' });
    expect(again.status).toBe(0);
    expect(result(ws, 'keyed')).toMatchObject({ source: expect.stringMatching(/^(promoted|unchanged)$/), digest: first });

    const v2 = await release(ws, 'keyed', { APP_VERSION: '2.0.0' });
    if (v2.status !== 0) throw new Error(v2.output);
    expect(result(ws, 'keyed').source).toBe('uploaded');
    const second = result(ws, 'keyed').digest;
    expect(second).not.toBe(first);

    await pushBase('patched');
    const moved = await release(ws, 'keyed', { APP_VERSION: '2.0.0' });
    if (moved.status !== 0) throw new Error(moved.output);
    expect(result(ws, 'keyed').source).toBe('uploaded');
    expect(result(ws, 'keyed').digest).not.toBe(second);
  }, 600000);

  it("a modified source of the build task or an untracked source file is refused, naming it, and nothing is pushed; allowDirty builds without the commit's tag", async () => {
    const ws = setup.ws;
    const repo = 'kyma-project/kyma-companion/notifier';
    const main = join(ws.root, 'services/notifier/main.go');
    const original = readFileSync(main, 'utf8');
    writeFileSync(main, `${original}\n// uncommitted change\n`);
    const modified = await release(ws, 'notifier');
    expect(modified.status).not.toBe(0);
    expect(modified.output).toMatch(/uncommitted.*services\/notifier\/main\.go/);
    expect(await setup.client.tags(repo)).toEqual([]);

    writeFileSync(main, original);
    ws.write('services/notifier/extra.go', 'package main\n');
    const untracked = await release(ws, 'notifier');
    expect(untracked.status).not.toBe(0);
    expect(untracked.output).toMatch(/uncommitted.*services\/notifier\/extra\.go/);
    expect(untracked.output).not.toMatch(/\n\s+at .*\.js:\d+/);
    expect(await setup.client.tags(repo)).toEqual([]);

    const allowed = await release(ws, 'notifier', {}, '--allowDirty');
    if (allowed.status !== 0) throw new Error(allowed.output);
    const tags = await setup.client.tags(repo);
    expect(tags.length).toBeGreaterThan(0);
    expect(tags.some((t) => t.startsWith('sha-'))).toBe(false);
    expect(result(ws, 'notifier').tags.some((t) => t.includes(':sha-'))).toBe(false);
  }, 600000);
});

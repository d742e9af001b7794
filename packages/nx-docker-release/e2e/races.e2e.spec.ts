import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setUpBackendRelease, tearDownBackendRelease, type BackendSetup } from './support/backend-setup';
import { pushLayerImage } from './support/realistic-base';
import { startFaultProxy, type FaultProxy } from './support/fault-proxy';
import { waitFor } from './support/registry';
import { ciEnv, cloneWorkspace, type TempWorkspace } from './support/workspace';

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
  /**
   * `laterMoves`: floating tags a newer commit's run may rightly move after this run ended (its
   * report was true when made; checked by the caller against the newer image instead).
   */
  async function reportIsTrue(ws: TempWorkspace, run: { status: number; output: string }, laterMoves: string[] = []): Promise<Result> {
    const r = result(ws);
    if (run.status === 0) {
      expect(r.status).toBe('released');
      const held = r.tags.filter((ref) => !laterMoves.includes(ref.slice(ref.lastIndexOf(':') + 1)));
      for (const ref of held) expect(`${ref} ${await digestOf(ref.slice(ref.lastIndexOf(':') + 1))}`).toBe(`${ref} ${r.digest}`);
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
    // The older run may have put latest before the newer one moved it on: its own sha- tag must hold.
    await reportIsTrue(old, runs[0], ['latest']);
    await reportIsTrue(recent, runs[1]);
    expect(await revisionOf('latest')).toBe(newer);
  }, 600000);

  describe('killed runs', () => {
    let proxy: FaultProxy;
    let tmp: string;
    const KILLED = 'team/killed';
    const isReferencePut = (method: string, url: string): boolean => method === 'PUT' && /\/team\/killed\/manifests\/sha-/.test(url);

    beforeAll(async () => {
      proxy = await startFaultProxy(setup.registry.host);
      tmp = mkdtempSync(join(tmpdir(), 'e2e-killed-tmp-'));
      // Everything through the proxy, the base image too: the release's one login is for the proxy's host.
      setup.ws.write('services/killed/Dockerfile', `FROM ${proxy.host}/base/raced:1\nCOPY services/killed/app.txt /app.txt\n`);
      setup.ws.write('services/killed/Dockerfile.dockerignore', '*\n!services/killed/app.txt\n');
      setup.ws.write('services/killed/app.txt', 'killed\n');
      const options = { images: [`${proxy.host}/${KILLED}`], tags: ['type=sha', 'type=raw,value=latest'], context: '.', file: 'services/killed/Dockerfile' };
      setup.ws.write(
        'services/killed/project.json',
        JSON.stringify({ name: 'killed', root: 'services/killed', targets: { release: { executor: 'nx-docker-release:docker-release', dependsOn: [], options } } }),
      );
      setup.ws.commit('a service whose runs are killed');
    });

    afterAll(async () => {
      proxy?.dropHeld();
      await proxy?.stop();
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    });

    /** nx in its own process group, with a TMPDIR of the test's: a kill's leftovers are there to see. */
    const start = (ws: TempWorkspace, tmpDir = tmp): { child: ChildProcess; output: () => string; done: Promise<number> } => {
      const child = spawn(join(ws.root, 'node_modules/.bin/nx'), ['run', 'killed:release', `--registry=${proxy.host}`, '--output-style=static'], {
        cwd: ws.root,
        env: ciEnv({ ...setup.env, TMPDIR: tmpDir }),
        detached: true,
      });
      let output = '';
      child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
      return { child, output: () => output, done: new Promise((resolve) => child.on('close', (code) => resolve(code ?? 137))) };
    };
    /** Until a request is held at the proxy; a run that ends first fails the test with its output. */
    const heldBack = async (run: ReturnType<typeof start>): Promise<void> => {
      let ended = false;
      void run.done.then(() => (ended = true));
      await waitFor(async () => ended || proxy.held().count > 0, 'a held request', 240000);
      if (ended) throw new Error(`the run ended before a request was held:\n${run.output()}`);
    };
    const runDirs = (): string[] => readdirSync(tmp).filter((n) => n.startsWith('docker-release-'));
    const alive = (pid: number): boolean => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };

    it('SIGKILL of nx while the commit reference PUT is held back: the executor aborts it, puts nothing more, and cleans up', async () => {
      const ws = clone();
      proxy.holdWhen(isReferencePut);
      const run = start(ws);
      await heldBack(run);
      const owner = Number(readFileSync(join(tmp, runDirs()[0], 'run.owner'), 'utf8').split(' ')[0]);
      expect(alive(owner)).toBe(true);
      proxy.reset();
      run.child.kill('SIGKILL');
      expect(await run.done).toBe(137);
      // The executor, orphaned, notices within its poll and stops: the held request is given up, nothing else is sent.
      await waitFor(async () => !alive(owner), 'the executor to exit', 20000);
      expect(proxy.held().closedByClient).toBe(1);
      expect(proxy.stats.manifestPuts).toBe(0);
      expect(await setup.client.tags(KILLED)).toEqual([]);
      expect(runDirs()).toEqual([]);
      const resultFile = join(ws.root, 'dist/docker-release/killed.json');
      if (existsSync(resultFile)) expect(JSON.parse(readFileSync(resultFile, 'utf8')).status).not.toBe('released');
      proxy.dropHeld();
      proxy.holdWhen(undefined);
    }, 600000);

    it('a run killed outright during its upload (its whole process group) leaves its directory and relay image names; the next run sweeps them', async () => {
      setup.ws.write('services/killed/app.txt', 'killed during the upload\n');
      setup.ws.commit('a layer to upload');
      const ws = clone();
      proxy.holdWhen((method, url) => method !== 'GET' && method !== 'HEAD' && /\/team\/killed\/blobs\/uploads\//.test(url));
      const run = start(ws);
      await heldBack(run);
      const [left] = runDirs();
      const names = readFileSync(join(tmp, left, 'engine-images'), 'utf8')
        .split('\n')
        .filter(Boolean);
      expect(names.length).toBeGreaterThan(0);
      process.kill(-(run.child.pid ?? 0), 'SIGKILL');
      await run.done;
      proxy.dropHeld();
      proxy.holdWhen(undefined);
      expect(runDirs()).toEqual([left]);
      expect(spawnSync('docker', ['image', 'inspect', names[0]]).status).toBe(0);

      const next = start(ws);
      const code = await next.done;
      if (code !== 0) throw new Error(next.output());
      expect(next.output()).toContain('swept what 1 killed release run(s) left');
      expect(runDirs()).toEqual([]);
      for (const name of names) expect(spawnSync('docker', ['image', 'inspect', name]).status).not.toBe(0);
      const released = JSON.parse(readFileSync(join(ws.root, 'dist/docker-release/killed.json'), 'utf8')) as Result;
      expect(released.status).toBe('released');
      expect((await setup.client.manifest(KILLED, 'latest')).digest).toBe(released.digest);
    }, 600000);

    it('another local user planted a shared directory, links and a dead run directory: refused or left alone, nothing read through them, no stall', async () => {
      // A temp directory every user may write to, as /tmp is (the spec's own TMPDIR is private).
      const shared = mkdtempSync('/tmp/e2e-other-user-');
      chmodSync(shared, 0o1777);
      const secret = join(tmp, 'root-only');
      writeFileSync(secret, 'root-only content\n', { mode: 0o600 });
      const asNobody = (script: string): void => {
        execFileSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', '--', 'sh', '-c', script], { env: { PATH: process.env.PATH ?? '', D: shared, S: secret } });
      };
      try {
        asNobody(
          [
            'mkdir -m 0777 "$D/nx-docker-release-blobs-0"',
            'ln -s "$S" "$D/nx-docker-release-blobs-0/planted"',
            'mkdir -m 0700 "$D/docker-release-planted"',
            'echo "999999999 1" > "$D/docker-release-planted/run.owner"',
            'ln -s "$S" "$D/docker-release-link"',
          ].join(' && '),
        );
        setup.ws.write('services/killed/app.txt', 'another user was here\n');
        setup.ws.commit('a release beside another user');
        const ws = clone();
        const started = Date.now();
        const run = start(ws, shared);
        const code = await run.done;
        if (code !== 0) throw new Error(run.output());
        expect(Date.now() - started).toBeLessThan(180000);
        expect(run.output()).toMatch(/blob ledger: .*nx-docker-release-blobs-0 belongs to uid 65534, not this user \(0\); not used/);
        // Not swept (another user's), not followed (a link), the file behind the link untouched.
        expect(existsSync(join(shared, 'docker-release-planted', 'run.owner'))).toBe(true);
        expect(readFileSync(secret, 'utf8')).toBe('root-only content\n');
        expect(readdirSync(shared).sort()).toEqual(['docker-release-link', 'docker-release-planted', 'nx-docker-release-blobs-0']);
        const released = JSON.parse(readFileSync(join(ws.root, 'dist/docker-release/killed.json'), 'utf8')) as Result;
        expect((await setup.client.manifest(KILLED, 'latest')).digest).toBe(released.digest);
      } finally {
        rmSync(shared, { recursive: true, force: true });
      }
    }, 600000);

    it('a lying registry (a digest header naming other bytes on GET and on PUT, a HEAD claiming a blob it lacks): each run fails in one line, and latest still names the last true release', async () => {
      const fake = `sha256:${'f'.repeat(64)}`;
      const errorLines = (output: string): string[] => output.split('\n').filter((l) => l.startsWith('error:'));
      const latest = async (): Promise<string> => (await setup.client.manifest(KILLED, 'latest')).digest;
      // A true release first (a promotion when an earlier test released this commit).
      const honest = start(clone());
      if ((await honest.done) !== 0) throw new Error(honest.output());
      const trueLatest = await latest();
      const attempt = async (note: string): Promise<{ output: string; result: Result | undefined; sha: string }> => {
        setup.ws.write('services/killed/app.txt', `${note}\n`);
        const sha = setup.ws.commit(note).slice(0, 7);
        const ws = clone();
        const run = start(ws);
        expect(await run.done).not.toBe(0);
        const output = run.output();
        expect(errorLines(output)).toHaveLength(1);
        expect(output).not.toMatch(/\n\s+at .*\.js:\d+/);
        expect(await latest()).toBe(trueLatest);
        // A run stopped before its plan was known writes no result file (none was there: a fresh clone).
        const file = join(ws.root, 'dist/docker-release/killed.json');
        return { output, result: existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Result) : undefined, sha };
      };
      try {
        // 1. Every manifest read by tag or digest comes with a made-up digest.
        proxy.lie({ headers: (method, url, headers) => void (method !== 'PUT' && /\/manifests\//.test(url) && (headers['docker-content-digest'] = fake)) });
        const read = await attempt('a lie on the manifest reads');
        expect(errorLines(read.output)[0]).toContain(proxy.host);
        expect(await setup.client.tags(KILLED)).not.toContain(`sha-${read.sha}`);

        // 2. Manifest PUTs answered with another digest (the image's own, by digest, comes first): the run stops before any tag.
        proxy.lie({ headers: (method, url, headers) => void (method === 'PUT' && /\/manifests\//.test(url) && (headers['docker-content-digest'] = fake)) });
        const put = await attempt('a lie on the manifest put');
        expect(put.result?.status).toBe('failed');
        expect(errorLines(put.output)[0]).toMatch(new RegExp(`registry ${proxy.host}: .* was stored as ${fake}, not the sha256:[0-9a-f]{64} this run put`));
        expect(await setup.client.tags(KILLED)).not.toContain(`sha-${put.sha}`);

        // 3. Every blob is claimed present: the image cannot be completed, nothing is tagged.
        proxy.lie({
          answer: (method, url) => {
            const digest = /\/blobs\/(sha256:[0-9a-f]{64})$/.exec(url)?.[1];
            return method === 'HEAD' && digest ? { status: 200, headers: { 'Content-Length': '1', 'Docker-Content-Digest': digest } } : undefined;
          },
        });
        const head = await attempt('a lie on the blob checks');
        expect(await setup.client.tags(KILLED)).not.toContain(`sha-${head.sha}`);
      } finally {
        proxy.lie(undefined);
      }
    }, 900000);
  });
});

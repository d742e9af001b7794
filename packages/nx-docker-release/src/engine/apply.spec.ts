import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../log/redacting-logger';
import type { DockerReleaseOptions } from '../release/options';
import { planRelease } from '../release/plan';
import { ReleaseError } from '../release/release-error';
import { resultOf } from '../release/result';
import type { RunOptions, Runner } from '../release/runner';
import { CONTENT_KEY_LABEL, type ReleaseFacts, type ReleasePlan } from '../release/types';
import { MemoryRegistry } from '../../spec-support/memory-registry';
import { applyPlan } from './apply';
import { RegistryAuthError, RegistryError, type Credentials } from './registry-client';

// Engine specs of applyPlan with a faked process runner and an in-memory registry: what reaches
// the registry, in which order, and what the result says. The e2e specs do the same for real.

const SHA = '0123456789abcdef0123456789abcdef01234567';
const REPO = 'team/api';
const IMAGE = `registry.example/${REPO}`;
const KEY = 'sha256:feedface';
const PASSWORD = 'pa55-w0rd-of-the-registry';
const digestOf = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

function plan(options: Partial<DockerReleaseOptions> = {}, facts: Partial<ReleaseFacts> = {}, ref = 'refs/heads/main'): ReleasePlan {
  const planned = planRelease(
    { images: [IMAGE], tags: ['type=sha', 'type=raw,value=latest', 'type=semver,pattern={{version}}'], provenance: false, login: { usernameEnv: 'REG_USER', passwordEnv: 'REG_PASS' }, ...options },
    {
      projectName: 'api',
      projectRoot: 'apps/api',
      git: { provider: 'git', eventName: 'push', ref, sha: SHA, payload: { repository: { default_branch: 'main' } }, repo: null, tagsAtCommit: [] },
      envPresent: new Set(['REG_USER', 'REG_PASS']),
      metadataEnv: {},
      contextIsDirectory: true,
      dockerfileExists: true,
      buildxAvailable: true,
      contentKey: KEY,
      now: new Date('2026-12-01T00:00:00Z'),
      ...facts,
    },
  );
  if (planned.kind !== 'release') throw new Error(planned.reason);
  return planned;
}

interface Call {
  args: readonly string[];
  options: RunOptions;
}

/** Answers docker like a working engine would; `save` writes a real docker-save archive (an OCI layout). */
function fakeDocker(answers: Partial<Record<string, (call: Call) => { exitCode: number; stdout?: string; stderr?: string }>> = {}): { run: Runner; calls: Call[] } {
  const calls: Call[] = [];
  const run: Runner = async (_file, args, options = {}) => {
    const call = { args, options };
    calls.push(call);
    const answer = answers[args[0] ?? '']?.(call);
    if (answer) return { stdout: '', stderr: '', ...answer };
    if (args[0] === 'save' && options.stdoutFile) writeFileSync(options.stdoutFile, savedArchive());
    return { exitCode: 0, stdout: '', stderr: '' };
  };
  return { run, calls };
}

let archive: Buffer | undefined;
/** One image as `docker save` (Docker 25+) writes it: index.json -> manifest -> config and one layer. */
function savedArchive(): Buffer {
  if (archive) return archive;
  const dir = mkdtempSync(join(tmpdir(), 'apply-spec-'));
  const blobs = join(dir, 'layout', 'blobs', 'sha256');
  mkdirSync(blobs, { recursive: true });
  const put = (bytes: Buffer): string => (writeFileSync(join(blobs, digestOf(bytes).slice(7)), bytes), digestOf(bytes));
  const layer = Buffer.alloc(64 * 1024, 'layer bytes ');
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Labels: { [CONTENT_KEY_LABEL]: KEY } }, rootfs: { type: 'layers', diff_ids: [digestOf(layer)] } }));
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: put(config), size: config.length },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: put(layer), size: layer.length }],
    }),
  );
  const top = put(manifest);
  writeFileSync(join(dir, 'layout', 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: top, size: manifest.length }] }));
  execFileSync('tar', ['-cf', join(dir, 'image.tar'), '-C', join(dir, 'layout'), '.']);
  archive = execFileSync('cat', [join(dir, 'image.tar')]);
  return archive;
}

function deps(run: Runner, registries: Record<string, MemoryRegistry>) {
  const lines: string[] = [];
  const given: { registry: string; credentials?: Credentials }[] = [];
  const env = { REG_USER: 'robot', REG_PASS: PASSWORD, DOCKER_CONFIG: mkdtempSync(join(tmpdir(), 'apply-spec-config-')), PATH: process.env.PATH };
  return {
    lines,
    given,
    deps: {
      run,
      docker: 'docker',
      env,
      log: createLogger((line) => lines.push(line)),
      cwd: tmpdir(),
      registryClient: (registry: string, credentials: Credentials | undefined) => {
        given.push({ registry, ...(credentials ? { credentials } : {}) });
        const memory = registries[registry];
        if (!memory) throw new Error(`no registry ${registry} in this spec`);
        return memory;
      },
    },
  };
}

describe('applyPlan, registry publish: promotion', () => {
  it('an image with the same content key under the commit tag gets the other tags; nothing is built or uploaded', async () => {
    const registry = new MemoryRegistry();
    const seeded = registry.seedImage(REPO, 'sha-0123456', { [CONTENT_KEY_LABEL]: KEY, 'org.opencontainers.image.version': 'sha-0123456' });
    const { run, calls } = fakeDocker();
    const d = deps(run, { 'registry.example': registry });
    const applied = await applyPlan(plan(), d.deps);
    expect(calls).toEqual([]);
    expect(applied).toMatchObject({ source: 'promoted', digest: seeded.digest, reusedFrom: `${IMAGE}:sha-0123456`, blobs: { uploaded: 0, alreadyPresent: 0 } });
    expect(applied.tags).toEqual([
      { tag: `${IMAGE}:sha-0123456`, status: 'already-present' },
      { tag: `${IMAGE}:latest`, status: 'pushed' },
    ]);
    expect(registry.writes).toEqual([`manifest ${REPO}:latest`]);
    expect((await registry.getManifest(REPO, 'latest'))?.digest).toBe(seeded.digest);
    // The result reports the labels the image holds, not the ones this run computed.
    expect(resultOf(plan(), applied).labels['org.opencontainers.image.version']).toBe('sha-0123456');
    expect(d.lines.join('\n')).toContain('promotion keeps the labels of');
  });

  it('another content key under the commit tag is not reused: the image is built and uploaded', async () => {
    const registry = new MemoryRegistry();
    registry.seedImage(REPO, 'sha-0123456', { [CONTENT_KEY_LABEL]: 'sha256:other' });
    const { run, calls } = fakeDocker();
    const applied = await applyPlan(plan({}, { buildxAvailable: false }), deps(run, { 'registry.example': registry }).deps);
    expect(calls.map((c) => c.args[0])).toEqual(['build', 'save']);
    expect(applied.source).toBe('uploaded');
    expect(applied.tags.every((t) => t.status === 'pushed')).toBe(true);
  });
});

describe('applyPlan, registry publish: tags', () => {
  it('immutableTags: a version tag naming another image stays; the release reports it failed and moves the rest', async () => {
    const registry = new MemoryRegistry();
    const seeded = registry.seedImage(REPO, 'sha-0123456', { [CONTENT_KEY_LABEL]: KEY });
    const older = registry.seedImage(REPO, '1.2.3', { [CONTENT_KEY_LABEL]: 'sha256:older' });
    const { run } = fakeDocker();
    const p = plan(
      { immutableTags: true, releaseTagPattern: '{version}' },
      { git: { provider: 'git', eventName: 'push', ref: 'refs/heads/main', sha: SHA, payload: {}, repo: null, tagsAtCommit: ['1.2.3'] } },
    );
    const applied = await applyPlan(p, deps(run, { 'registry.example': registry }).deps);
    expect(applied.tags).toContainEqual({ tag: `${IMAGE}:1.2.3`, status: 'failed', reason: `immutable: 1.2.3 already points at ${older.digest}` });
    expect(applied.tags).toContainEqual({ tag: `${IMAGE}:latest`, status: 'pushed' });
    expect((await registry.getManifest(REPO, '1.2.3'))?.digest).toBe(older.digest);
    expect((await registry.getManifest(REPO, 'latest'))?.digest).toBe(seeded.digest);
    expect(resultOf(p, applied)).toMatchObject({ status: 'failed', reason: '1 tag(s) failed to push' });
  });

  it('a tag the registry refuses fails alone (its reason redacted), after the immutable reference went first', async () => {
    const registry = new MemoryRegistry();
    registry.refuse = (_repo, tag) => (tag === 'latest' ? new Error(`500 from the registry for robot:${PASSWORD}`) : undefined);
    const { run } = fakeDocker();
    const applied = await applyPlan(plan({}, { buildxAvailable: false }), deps(run, { 'registry.example': registry }).deps);
    expect(registry.writes.filter((w) => w.startsWith('manifest'))).toEqual([`manifest ${REPO}:sha-0123456`]);
    const latest = applied.tags.find((t) => t.tag === `${IMAGE}:latest`);
    expect(latest).toMatchObject({ status: 'failed' });
    expect(latest?.reason).toContain('500 from the registry');
    expect(latest?.reason).not.toContain(PASSWORD);
    expect(applied.tags[0]).toEqual({ tag: `${IMAGE}:sha-0123456`, status: 'pushed' });
  });

  it('an auth refusal stops the run with one line and removes the private directory', async () => {
    const registry = new MemoryRegistry();
    registry.refuse = () => new RegistryAuthError(`registry.example refused the credentials in REG_PASS (robot:${PASSWORD})`);
    const { run, calls } = fakeDocker();
    const d = deps(run, { 'registry.example': registry });
    const failure = applyPlan(plan({}, { buildxAvailable: false }), d.deps);
    await expect(failure).rejects.toThrow(ReleaseError);
    await expect(failure).rejects.toThrow(/^registry\.example refused the credentials in REG_PASS \(robot:\*\*\*\)$/);
    const archivePath = calls.find((c) => c.args[0] === 'save')?.options.stdoutFile ?? '';
    expect(archivePath).not.toBe('');
    expect(existsSync(archivePath)).toBe(false);
  });
  it('a registry answer still transient when its retries are used up stops the run with one line', async () => {
    const registry = new MemoryRegistry();
    registry.getManifest = () => Promise.reject(new RegistryError('GET registry.example/v2/team/api/manifests/sha-0123456: HTTP 503', { status: 503, errors: [{ code: 'UNAVAILABLE', message: '' }] }));
    const { run } = fakeDocker();
    const failure = applyPlan(plan({}, { buildxAvailable: false }), deps(run, { 'registry.example': registry }).deps);
    await expect(failure).rejects.toThrow(ReleaseError);
    await expect(failure).rejects.toThrow(/^registry: GET registry\.example\/v2\/team\/api\/manifests\/sha-0123456: HTTP 503 \(gave up after \d+ attempts\)$/);
  });
});

describe('applyPlan, registry publish: load, save, upload', () => {
  it('uploads the saved image once per registry, then tags it; a second run finds every blob present', async () => {
    const registry = new MemoryRegistry();
    const { run, calls } = fakeDocker();
    const p = plan({}, { buildxAvailable: false, contentKey: undefined });
    const first = await applyPlan(p, deps(run, { 'registry.example': registry }).deps);
    expect(calls.map((c) => c.args[0])).toEqual(['build', 'save']);
    expect(first.blobs).toEqual({ uploaded: 2, alreadyPresent: 0 });
    const stored = await registry.getManifest(REPO, 'latest');
    expect(stored?.digest).toBe(first.digest);
    expect((await registry.getManifest(REPO, 'sha-0123456'))?.digest).toBe(first.digest);
    // The layer went up gzip-compressed, as docker push sends it.
    const layer = (JSON.parse(stored?.bytes.toString('utf8') ?? '{}') as { layers: { mediaType: string; digest: string }[] }).layers[0];
    expect(layer?.mediaType).toBe('application/vnd.oci.image.layer.v1.tar+gzip');
    expect((await registry.getBlob(REPO, layer?.digest ?? '')).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    const again = await applyPlan(p, deps(run, { 'registry.example': registry }).deps);
    expect(again).toMatchObject({ digest: first.digest, blobs: { uploaded: 0, alreadyPresent: 2 } });
    expect(again.tags.every((t) => t.status === 'already-present')).toBe(true);
  });

  it('credentials go only to their registry: the login for the first, the docker config (none here) for the other', async () => {
    const first = new MemoryRegistry();
    const second = new MemoryRegistry();
    const { run, calls } = fakeDocker();
    const d = deps(run, { 'registry.example': first, 'mirror.example': second });
    const p = plan({ images: [IMAGE, 'mirror.example/team/api'], login: [{ registry: 'registry.example', usernameEnv: 'REG_USER', passwordEnv: 'REG_PASS' }] }, { buildxAvailable: false });
    const applied = await applyPlan(p, d.deps);
    expect(d.given).toEqual([{ registry: 'registry.example', credentials: { username: 'robot', password: PASSWORD, passwordEnv: 'REG_PASS' } }, { registry: 'mirror.example' }]);
    expect((await second.getManifest('team/api', 'latest'))?.digest).toBe(applied.digest);
    // No child process sees the password variable.
    expect(calls.every((c) => c.options.env?.REG_PASS === undefined)).toBe(true);
  });
});

describe('applyPlan: a layer cache import BuildKit gave up on', () => {
  it('is a warning in the output and the result, and the release goes on', async () => {
    const cache = 'registry.example/team/api:buildcache';
    const { run } = fakeDocker({
      buildx: (call) => {
        for (const line of [
          `#3 importing cache manifest from ${cache}`,
          `#3 ERROR: failed to configure registry cache importer: unexpected status from HEAD request to http://registry.example/v2/team/api/manifests/buildcache: 401 Unauthorized`,
        ])
          call.options.onLine?.(line);
        return { exitCode: 0 };
      },
    });
    const d = deps(run, { 'registry.example': new MemoryRegistry() });
    const p = plan({ cacheFrom: [`type=registry,ref=${cache}`] }, { engineIsLocal: false });
    const applied = await applyPlan(p, d.deps);
    const warning = `cacheFrom: importing the layer cache ${cache} failed (unexpected status from HEAD request to http://registry.example/v2/team/api/manifests/buildcache: 401 Unauthorized): the build ran without it; give registry.example an entry in the login option (or a docker login) that may read it`;
    expect(applied.warnings).toEqual([warning]);
    expect(resultOf(p, applied)).toMatchObject({ status: 'released', warnings: [warning] });
    expect(d.lines.filter((l) => l.includes('the build ran without it')).length).toBeGreaterThanOrEqual(1);
  });
});

describe('applyPlan, pushMode docker', () => {
  it('logs in with the password on stdin, pushes each tag (classic builder); a refused push is that tag alone', async () => {
    const digest = `sha256:${'c'.repeat(64)}`;
    const { run, calls } = fakeDocker({
      push: (call) => (call.args[1]?.endsWith(':latest') ? { exitCode: 1, stderr: `denied: robot:${PASSWORD} may not push` } : { exitCode: 0, stdout: `sha-0123456: digest: ${digest} size: 528` }),
    });
    const d = deps(run, {});
    const applied = await applyPlan(plan({ pushMode: 'docker' }, { buildxAvailable: false }), d.deps);
    const login = calls[0];
    expect(login?.args).toEqual(['login', '--username=robot', '--password-stdin', 'registry.example']);
    expect(login?.options.input).toBe(PASSWORD);
    expect(calls.map((c) => c.args[0])).toEqual(['login', 'build', 'push', 'push']);
    expect(calls.every((c) => c.options.env?.REG_PASS === undefined && !c.args.join(' ').includes(PASSWORD))).toBe(true);
    expect(applied).toMatchObject({ source: 'docker-push', builder: 'classic', digest });
    // One push per tag, in the plan's order (upstream's: latest before the sha tag).
    expect(applied.tags).toEqual([
      { tag: `${IMAGE}:latest`, status: 'failed', reason: 'denied: robot:*** may not push' },
      { tag: `${IMAGE}:sha-0123456`, status: 'pushed' },
    ]);
    expect(d.lines.join('\n')).not.toContain(PASSWORD);
  });

  it('a failed login stops before the build, naming the variables', async () => {
    const { run, calls } = fakeDocker({ login: () => ({ exitCode: 1, stderr: 'unauthorized: incorrect username or password' }) });
    await expect(applyPlan(plan({ pushMode: 'docker' }), deps(run, {}).deps)).rejects.toThrow(
      'login to registry.example failed with the credentials in REG_USER/REG_PASS: unauthorized: incorrect username or password',
    );
    expect(calls.map((c) => c.args[0])).toEqual(['login']);
  });
});

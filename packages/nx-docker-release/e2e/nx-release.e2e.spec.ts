import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BACKEND_REPO, setUpBackendRelease, tearDownBackendRelease } from './support/backend-setup';
import type { TestRegistry } from './support/registry';
import type { RegistryClient } from './support/registry-client';
import type { TempWorkspace } from './support/workspace';

const NOTIFIER_REPO = 'kyma-project/kyma-companion/notifier';

describe('nx release: versions from git tags, image tags for what changed only', () => {
  let registry: TestRegistry;
  let ws: TempWorkspace;
  let client: RegistryClient;
  let env: Record<string, string>;
  let origin: string;

  beforeAll(async () => {
    ({ registry, ws, client, env } = await setUpBackendRelease());
    // Both services push to the loopback registry; the rest of the configuration is this workspace's own.
    const nxJson = JSON.parse(readFileSync(join(ws.root, 'nx.json'), 'utf8'));
    nxJson.plugins[0].options.registry = `${registry.host}/kyma-project/kyma-companion`;
    ws.write('nx.json', `${JSON.stringify(nxJson, null, 2)}\n`);
    const backend = JSON.parse(readFileSync(join(ws.root, 'assistant/backend/project.json'), 'utf8'));
    backend.targets.release.options.images = [`${registry.host}/${BACKEND_REPO}`];
    ws.write('assistant/backend/project.json', `${JSON.stringify(backend, null, 2)}\n`);
    ws.commit('chore: release into the test registry');
    origin = mkdtempSync(join(tmpdir(), 'e2e-origin-'));
    execFileSync('git', ['init', '--quiet', '--bare', origin]);
    // Pushes go to a throw-away bare repository; the fetch URL (labels name it) stays GitHub's.
    ws.git('remote', 'set-url', '--push', 'origin', origin);
    ws.git('push', '--quiet', 'origin', 'HEAD:main');
    // The baseline: each service's last release, in its own tag pattern.
    ws.git('tag', '1.0.0');
    ws.git('tag', 'notifier@0.1.0');
    ws.git('tag', 'nx-docker-release@0.1.0');
  });

  afterAll(async () => {
    await tearDownBackendRelease({ registry, ws });
    rmSync(origin, { recursive: true, force: true });
  });

  const tagsAtHead = () => ws.git('tag', '--points-at', 'HEAD').split('\n').filter(Boolean).sort();
  /** What the release commit nx release made at HEAD holds (its changelogs, package.json versions). */
  const releaseCommitFiles = () => ws.git('show', '--name-only', '--format=%s', 'HEAD').split('\n').filter(Boolean);

  it('a fix: commit in the backend: --dry-run prints the plan and changes nothing; then one new tag and the commit image under the version', async () => {
    const server = readFileSync(join(ws.root, 'assistant/backend/server.go'), 'utf8');
    ws.write('assistant/backend/server.go', `${server}\n// fix: answer faster\n`);
    const sha = ws.commit('fix(backend): answer faster');
    // main's CI run released the commit already (its sha- image).
    const main = ws.nx(['run', 'backend:release', '--output-style=static'], env);
    expect(main.status).toBe(0);
    const commitDigest = (await client.manifest(BACKEND_REPO, `sha-${sha.slice(0, 7)}`)).digest;

    const before = { tags: ws.git('tag', '-l'), status: ws.git('status', '--porcelain'), backend: await client.tags(BACKEND_REPO), notifier: await client.tags(NOTIFIER_REPO) };
    const dry = ws.nx(['release', '--dry-run', '--yes'], env);
    expect(dry.status).toBe(0);
    expect(dry.output).toContain('Applied semver relative bump "patch", derived from conventional commits data, to get new version 1.0.1');
    expect(dry.output).toContain('backend: nx release version 1.0.1, git tag 1.0.1');
    expect(dry.output).toMatch(new RegExp(`tags:\\n  ${registry.host.replace(/\./g, '\\.')}/${BACKEND_REPO}:1\\.0\\.1\\n`));
    expect(dry.output).toMatch(/backend +planned +1\.0\.1/);
    expect(dry.output).not.toContain('notifier: nx release version');
    expect({ tags: ws.git('tag', '-l'), status: ws.git('status', '--porcelain'), backend: await client.tags(BACKEND_REPO), notifier: await client.tags(NOTIFIER_REPO) }).toEqual(before);

    const real = ws.nx(['release', '--yes'], env);
    expect(real.output).toContain('promote:');
    expect(real.status).toBe(0);
    expect(tagsAtHead()).toEqual(['1.0.1']);
    // The release commit holds backend's changelog only (Go services have no manifest), and its
    // parent is the commit CI released, whose image the version tag now names (promoted, not rebuilt).
    expect(releaseCommitFiles()).toEqual(['chore(release): publish', 'assistant/backend/CHANGELOG.md']);
    expect(ws.git('rev-parse', 'HEAD^')).toBe(sha);
    expect(readFileSync(join(ws.root, 'assistant/backend/CHANGELOG.md'), 'utf8')).toMatch(/## 1\.0\.1[^]*answer faster/);
    expect((await client.manifest(BACKEND_REPO, '1.0.1')).digest).toBe(commitDigest);
    expect(await client.tags(NOTIFIER_REPO)).toEqual([]);
    // Nothing is left in the tree, and nothing was pushed to origin.
    expect(ws.git('status', '--porcelain')).toBe('');
    expect(execFileSync('git', ['tag', '-l'], { cwd: origin, encoding: 'utf8' }).trim()).toBe('');
  });

  it('a feat: commit in the notifier: a new version for it alone (0.x: Nx bumps the patch for a feature), built and pushed', async () => {
    const channels = readFileSync(join(ws.root, 'services/notifier/channels.go'), 'utf8');
    ws.write('services/notifier/channels.go', `${channels}\n// feat: a new channel\n`);
    ws.commit('feat(notifier): a new channel');
    const res = ws.nx(['release', '--yes'], env);
    expect(res.status).toBe(0);
    expect(tagsAtHead()).toEqual(['notifier@0.1.1']);
    expect(await client.tags(NOTIFIER_REPO)).toEqual(expect.arrayContaining(['0.1.1', 'latest']));
    expect(await client.tags(BACKEND_REPO)).not.toContain('1.0.2');
  });

  it('a feat: commit in the shared Go module versions and publishes both services that use it (the project graph decides)', async () => {
    // The notifier starts answering health checks with the shared handler (a chore: no version of its own).
    ws.write(
      'services/notifier/go.mod',
      'module github.com/kyma-project/kyma-companion/services/notifier\n\ngo 1.19\n\nrequire github.com/kyma-project/kyma-companion/assistant/shared v0.0.0\n\nreplace github.com/kyma-project/kyma-companion/assistant/shared => ../../assistant/shared\n',
    );
    const channels = readFileSync(join(ws.root, 'services/notifier/channels.go'), 'utf8')
      .replace('"os"\n)', '"os"\n\n\t"github.com/kyma-project/kyma-companion/assistant/shared/httpx"\n)')
      .replace(/mux\.HandleFunc\("\/healthz", func\(w http\.ResponseWriter, r \*http\.Request\) \{\n\t\t_, _ = w\.Write\(\[\]byte\("ok\\n"\)\)\n\t\}\)/, 'mux.HandleFunc("/healthz", httpx.Health)');
    expect(channels).toContain('httpx.Health');
    ws.write('services/notifier/channels.go', channels);
    ws.commit('chore(notifier): answer health checks with the shared handler');
    const shared = readFileSync(join(ws.root, 'assistant/shared/httpx/httpx.go'), 'utf8');
    ws.write('assistant/shared/httpx/httpx.go', `${shared}\n// Ready answers readiness probes like Health.\nfunc Ready(w http.ResponseWriter, r *http.Request) { Health(w, r) }\n`);
    ws.commit('feat: a readiness handler in the shared module');

    const res = ws.nx(['release', '--yes'], env);
    expect(res.status).toBe(0);
    // backend 1.x: minor for a feature; notifier 0.x: patch. The plugin package did not change.
    expect(tagsAtHead()).toEqual(['1.1.0', 'notifier@0.1.2']);
    expect(releaseCommitFiles().slice(1).sort()).toEqual(['assistant/backend/CHANGELOG.md', 'services/notifier/CHANGELOG.md']);
    expect(await client.tags(BACKEND_REPO)).toContain('1.1.0');
    expect(await client.tags(NOTIFIER_REPO)).toContain('0.1.2');
    // Both were built anew (the shared code is in each binary): the version images differ from the last ones.
    expect((await client.manifest(BACKEND_REPO, '1.1.0')).digest).not.toBe((await client.manifest(BACKEND_REPO, '1.0.1')).digest);
    expect((await client.manifest(NOTIFIER_REPO, '0.1.2')).digest).not.toBe((await client.manifest(NOTIFIER_REPO, '0.1.1')).digest);
    expect(ws.git('tag', '-l', 'nx-docker-release@*')).toBe('nx-docker-release@0.1.0');
  });

  it('a mixed group: a fix in the plugin package is versioned by the same run (its package.json and changelog; npm publish as a dry run); the services whose release runs it get a patch naming their last image', async () => {
    const readme = readFileSync(join(ws.root, 'packages/nx-docker-release/README.md'), 'utf8');
    ws.write('packages/nx-docker-release/README.md', `${readme}\n<!-- a clearer install step -->\n`);
    ws.commit('fix(nx-docker-release): a clearer install step');
    const last = { backend: (await client.manifest(BACKEND_REPO, '1.1.0')).digest, notifier: (await client.manifest(NOTIFIER_REPO, '0.1.2')).digest };

    const res = ws.nx(['release', '--yes'], env);
    expect(res.status).toBe(0);
    expect(tagsAtHead()).toEqual(['1.1.1', 'notifier@0.1.3', 'nx-docker-release@0.1.1']);
    expect(JSON.parse(readFileSync(join(ws.root, 'packages/nx-docker-release/package.json'), 'utf8')).version).toBe('0.1.1');
    expect(releaseCommitFiles()).toEqual(expect.arrayContaining(['packages/nx-docker-release/package.json', 'packages/nx-docker-release/CHANGELOG.md']));
    // The package was built with the new version and published as a dry run only.
    expect(JSON.parse(readFileSync(join(ws.root, 'dist/packages/nx-docker-release/package.json'), 'utf8')).version).toBe('0.1.1');
    // npm publish --dry-run: the tarball is listed (Nx masks the version in a dry run), nothing is sent.
    expect(res.output).toMatch(/nx-docker-release@X\.X\.X-dry-run\n=== Tarball Contents ===/);
    expect(res.output).toContain('src/executors/docker-release/executor.js');
    // The graph says the services' release depends on the plugin, so Nx gives them a patch; their
    // images did not change (same content key), so the new versions name the last images.
    expect((await client.manifest(BACKEND_REPO, '1.1.1')).digest).toBe(last.backend);
    expect((await client.manifest(NOTIFIER_REPO, '0.1.3')).digest).toBe(last.notifier);
    expect(res.output).toContain('promote:');
    expect(ws.git('status', '--porcelain')).toBe('');
  });
});

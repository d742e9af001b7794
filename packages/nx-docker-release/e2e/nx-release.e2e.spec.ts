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
  });

  afterAll(async () => {
    await tearDownBackendRelease({ registry, ws });
    rmSync(origin, { recursive: true, force: true });
  });

  const tagsAtHead = () => ws.git('tag', '--points-at', 'HEAD').split('\n').filter(Boolean).sort();

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
    expect((await client.manifest(BACKEND_REPO, '1.0.1')).digest).toBe(commitDigest);
    expect(await client.tags(NOTIFIER_REPO)).toEqual([]);
    // Nothing was written to the tree (Go services have no manifest), and nothing pushed to origin.
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
});

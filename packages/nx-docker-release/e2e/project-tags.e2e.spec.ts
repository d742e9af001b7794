import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RegistryClient } from './support/registry-client';
import { BACKEND_REPO, changeBackendSource, setUpBackendRelease, tearDownBackendRelease } from './support/backend-setup';
import type { TestRegistry } from './support/registry';
import type { TempWorkspace } from './support/workspace';

/** Per-project release tags (backend@1.2.3) under local git, GitHub Actions and GitLab CI facts. */
describe('per-project release tags', () => {
  let registry: TestRegistry;
  let ws: TempWorkspace;
  let client: RegistryClient;
  let env: Record<string, string>;

  beforeAll(async () => {
    ({ registry, ws, client, env } = await setUpBackendRelease());
    const projectFile = join(ws.root, 'assistant/backend/project.json');
    const project = JSON.parse(readFileSync(projectFile, 'utf8'));
    Object.assign(project.targets.release.options, {
      releaseTagPattern: '{projectName}@{version}',
      tags: ['type=semver,pattern={{version}}', 'type=semver,pattern={{major}}.{{minor}}', 'type=semver,pattern={{major}}', 'type=sha'],
    });
    writeFileSync(projectFile, JSON.stringify(project, null, 2));
    ws.commit('backend: per-project release tags');
  });

  afterAll(() => tearDownBackendRelease({ registry, ws }));

  const release = (extra: Record<string, string> = {}) => ws.nx(['run', 'backend:release', `--registry=${registry.host}`, '--output-style=static'], { ...env, ...extra });

  it('local git: backend@1.2.3 on HEAD releases 1.2.3, 1.2, 1 (and latest, sha)', async () => {
    ws.git('tag', 'backend@1.2.3');
    const sha = ws.git('rev-parse', 'HEAD');
    const { status, output } = release();
    expect(status).toBe(0);
    expect(await client.tags(BACKEND_REPO)).toEqual(['1', '1.2', '1.2.3', 'latest', `sha-${sha.slice(0, 7)}`].sort());
    const { labels } = await client.config(BACKEND_REPO, '1.2.3');
    expect(labels['org.opencontainers.image.version']).toBe('1.2.3');
    expect(output).toContain('release refs/tags/1.2.3');
  });

  it("GitHub Actions: a push of another project's tag releases nothing for the backend", async () => {
    const before = await client.tags(BACKEND_REPO);
    ws.write('assistant/other.txt', 'x\n');
    const sha = ws.commit('another commit');
    ws.git('tag', 'frontend@2.0.0');
    const event = join(ws.root, 'event.json');
    writeFileSync(event, JSON.stringify({ ref: 'refs/tags/frontend@2.0.0', repository: { name: 'kyma-companion', default_branch: 'main' } }));
    // Nx itself resolves {projectName} in options before the executor sees them.
    const { status, output } = release({ GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/tags/frontend@2.0.0', GITHUB_SHA: sha, GITHUB_EVENT_PATH: event });
    expect(status).toBe(0);
    expect(output).toContain('backend: skipped: tag frontend@2.0.0 does not match releaseTagPattern "backend@{version}" of project backend');
    expect(await client.tags(BACKEND_REPO)).toEqual(before);
  });

  it('GitHub Actions: backend@1.3.0 releases with labels from the event payload, outputs and summary', async () => {
    const sha = ws.git('rev-parse', 'HEAD');
    const event = join(ws.root, 'event.json');
    writeFileSync(
      event,
      JSON.stringify({
        ref: 'refs/tags/backend@1.3.0',
        head_commit: { id: sha, timestamp: '2026-11-24T12:00:00Z' },
        repository: { name: 'kyma-companion', description: 'Kyma Companion', html_url: 'https://github.com/kyma-project/kyma-companion', default_branch: 'main', license: { spdx_id: 'Apache-2.0' } },
      }),
    );
    const outputs = join(ws.root, 'gh-output');
    const summary = join(ws.root, 'gh-summary.md');
    const { status } = release({
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'push',
      GITHUB_REF: 'refs/tags/backend@1.3.0',
      GITHUB_SHA: sha,
      GITHUB_EVENT_PATH: event,
      GITHUB_OUTPUT: outputs,
      GITHUB_STEP_SUMMARY: summary,
    });
    expect(status).toBe(0);
    expect(await client.tags(BACKEND_REPO)).toEqual(expect.arrayContaining(['1.3.0', '1.3', '1']));
    const { labels } = await client.config(BACKEND_REPO, '1.3.0');
    expect(labels).toMatchObject({
      'org.opencontainers.image.version': '1.3.0',
      'org.opencontainers.image.licenses': 'Apache-2.0',
      'org.opencontainers.image.title': 'backend',
      'org.opencontainers.image.source': 'https://github.com/kyma-project/kyma-companion',
      'org.opencontainers.image.revision': sha,
    });
    const digest = (await client.manifest(BACKEND_REPO, '1.3.0')).digest;
    expect(readFileSync(outputs, 'utf8')).toContain(`\n${digest}\n`);
    expect(readFileSync(summary, 'utf8')).toContain(`| \`${registry.host}/${BACKEND_REPO}:1.3.0\` | pushed |`);
  });

  it('GitLab CI: a tag pipeline for backend@1.4.0 releases 1.4.0 with the project URL label', async () => {
    // A new commit: on the previous one the image exists already and would be promoted as built.
    changeBackendSource(ws, 'gitlab');
    const sha = ws.commit('gitlab release');
    const { status } = release({
      GITLAB_CI: 'true',
      CI_COMMIT_SHA: sha,
      CI_COMMIT_TAG: 'backend@1.4.0',
      CI_DEFAULT_BRANCH: 'main',
      CI_PIPELINE_SOURCE: 'push',
      CI_PROJECT_NAME: 'kyma-companion',
      CI_PROJECT_URL: 'https://gitlab.example.com/kyma/kyma-companion',
      CI_COMMIT_TIMESTAMP: '2026-11-24T12:00:00+00:00',
    });
    expect(status).toBe(0);
    expect(await client.tags(BACKEND_REPO)).toEqual(expect.arrayContaining(['1.4.0', '1.4']));
    const { labels } = await client.config(BACKEND_REPO, '1.4.0');
    expect(labels['org.opencontainers.image.source']).toBe('https://gitlab.example.com/kyma/kyma-companion');
    expect(labels['org.opencontainers.image.version']).toBe('1.4.0');
  });
});

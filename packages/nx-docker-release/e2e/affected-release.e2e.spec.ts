import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RegistryClient } from './support/registry-client';
import { BACKEND_REPO, setUpBackendRelease, tearDownBackendRelease } from './support/backend-setup';
import type { TestRegistry } from './support/registry';
import type { TempWorkspace } from './support/workspace';

describe('nx affected -t release in a git clone', () => {
  let registry: TestRegistry;
  let ws: TempWorkspace;
  let client: RegistryClient;
  let env: Record<string, string>;

  beforeAll(async () => {
    ({ registry, ws, client, env } = await setUpBackendRelease());
    // An unrelated project next to the backend.
    ws.write('notes/project.json', JSON.stringify({ name: 'notes', root: 'notes', targets: {} }));
    ws.write('notes/README.md', '# notes\n');
    ws.commit('add an unrelated project');
  });

  afterAll(() => tearDownBackendRelease({ registry, ws }));

  const affected = () => ws.nx(['affected', '-t', 'release', '--base=HEAD~1', '--head=HEAD', `--registry=${registry.host}`, '--output-style=static'], env);

  it('a commit touching assistant/backend releases the backend', async () => {
    const server = readFileSync(join(ws.root, 'assistant/backend/server.go'), 'utf8');
    ws.write('assistant/backend/server.go', `// touched by e2e\n${server}`);
    const sha = ws.commit('backend: change');
    const { status, output } = affected();
    expect(output).toContain('nx run backend:release');
    expect(status).toBe(0);
    expect(await client.tags(BACKEND_REPO)).toEqual(['latest', `sha-${sha.slice(0, 7)}`]);
  });

  it('a commit touching only another project releases nothing', async () => {
    const before = await client.tags(BACKEND_REPO);
    ws.write('notes/README.md', '# notes\n\nchanged\n');
    const sha = ws.commit('notes: change');
    const { status, output } = affected();
    expect(status).toBe(0);
    expect(output).not.toContain('backend:release');
    expect(await client.tags(BACKEND_REPO)).toEqual(before);
    expect(before).not.toContain(`sha-${sha.slice(0, 7)}`);
  });
});

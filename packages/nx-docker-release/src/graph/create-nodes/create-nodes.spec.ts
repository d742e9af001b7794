import type { CreateNodesContext } from '@nx/devkit';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { DockerReleasePluginOptions } from '../plugin-options';

const mockDataDir = mkdtempSync(join(tmpdir(), 'create-nodes-data-'));
jest.mock('../nx-runtime', () => ({ ...jest.requireActual('../nx-runtime'), workspaceDataDirectory: () => mockDataDir }));
// Imported after the mock so the cache lands in the temporary data directory.
const { createNodes } = require('./create-nodes') as typeof import('./create-nodes');

describe('createNodes', () => {
  let root: string;
  const write = (path: string, text: string): void => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const context = (): CreateNodesContext => ({ workspaceRoot: root, nxJsonConfiguration: { namedInputs: { production: ['default'] } } });
  const run = (files: string[], options?: DockerReleasePluginOptions) => createNodes[1](files, options, context());

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'create-nodes-ws-'));
    for (const file of readdirSync(mockDataDir)) rmSync(join(mockDataDir, file));
    write('apps/api/project.json', '{"name":"api"}');
    write('apps/api/Dockerfile', 'FROM scratch\nCOPY bin/api /api\n');
    write('apps/web/package.json', '{"name":"@acme/web"}');
    write('apps/web/Dockerfile', 'FROM scratch\n');
    write('fixtures/Dockerfile', 'FROM scratch\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  afterAll(() => rmSync(mockDataDir, { recursive: true, force: true }));

  it('matches Dockerfiles anywhere', () => {
    expect(createNodes[0]).toBe('**/Dockerfile');
  });

  it('gives projects with a Dockerfile a release target; a Dockerfile outside a project gets none', async () => {
    const results = await run(['apps/api/Dockerfile', 'apps/web/Dockerfile', 'fixtures/Dockerfile'], { registry: 'ghcr.io/acme' });
    const byFile = Object.fromEntries(results);
    expect(byFile['apps/api/Dockerfile']?.projects?.['apps/api']?.targets?.['release']).toMatchObject({
      executor: 'nx-docker-release:docker-release',
      options: { images: ['ghcr.io/acme/api'], context: 'apps/api', file: 'apps/api/Dockerfile' },
    });
    expect(byFile['apps/web/Dockerfile']?.projects?.['apps/web']?.targets?.['release']?.options.images).toEqual(['ghcr.io/acme/acme-web']);
    expect(byFile['fixtures/Dockerfile']).toEqual({});
  });

  it.each([
    ['exclude', { exclude: ['apps/web/**'] }, ['apps/api']],
    ['include', { include: ['apps/web/*'] }, ['apps/web']],
    ['include and exclude', { include: ['apps/**'], exclude: ['**/api/Dockerfile'] }, ['apps/web']],
  ])('%s globs select the Dockerfiles', async (_name, options, want) => {
    const results = await run(['apps/api/Dockerfile', 'apps/web/Dockerfile'], options);
    expect(results.flatMap(([, result]) => Object.keys(result.projects ?? {}))).toEqual(want);
  });

  it('a mistake in the plugin options stops the graph with one line (its stack too: Nx prints it)', async () => {
    const error = await Promise.resolve()
      .then(() => run(['apps/api/Dockerfile'], { registy: 'ghcr.io/acme' } as DockerReleasePluginOptions))
      .catch((err: Error) => err);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('nx.json: plugin nx-docker-release options: unknown option "registy" (did you mean registry?)');
    expect((error as Error).stack).toBe((error as Error).message);
  });

  it('uses the configured target name', async () => {
    const [[, result] = ['', {}]] = await run(['apps/api/Dockerfile'], { targetName: 'docker-release' });
    expect(Object.keys(result.projects?.['apps/api']?.targets ?? {})).toEqual(['docker-release']);
  });

  it('with nx release configured, every image project gets the nx-release-publish target nx release publish runs', async () => {
    const withRelease = { ...context(), nxJsonConfiguration: { namedInputs: { production: ['default'] }, release: { groups: {} } } };
    const [[, result] = ['', {}]] = await createNodes[1](['apps/api/Dockerfile'], { targetName: 'ship', buildTargetName: 'compile' }, withRelease);
    expect(Object.keys(result.projects?.['apps/api']?.targets ?? {}).sort()).toEqual(['nx-release-publish', 'ship']);
    expect(result.projects?.['apps/api']?.targets?.['nx-release-publish']).toMatchObject({ executor: 'nx-docker-release:release-publish', dependsOn: ['compile'], options: { releaseTarget: 'ship' } });
  });

  it('caches targets by a hash of the Dockerfile, project file and options', async () => {
    await run(['apps/api/Dockerfile']);
    const [cacheFile] = readdirSync(mockDataDir).filter((f) => f.startsWith('nx-docker-release-'));
    expect(cacheFile).toBeDefined();
    const cachePath = join(mockDataDir, cacheFile ?? '');
    // Tamper with the stored entry: an unchanged input set must be served from the cache.
    const stored = JSON.parse(readFileSync(cachePath, 'utf8')) as Record<string, Record<string, { options: Record<string, unknown> }>>;
    const [key] = Object.keys(stored);
    stored[key ?? '']!['release']!.options['images'] = ['from-cache'];
    writeFileSync(cachePath, JSON.stringify(stored));
    const cached = Object.fromEntries(await run(['apps/api/Dockerfile']));
    expect(cached['apps/api/Dockerfile']?.projects?.['apps/api']?.targets?.['release']?.options.images).toEqual(['from-cache']);
    // A changed Dockerfile is a new key: recomputed.
    write('apps/api/Dockerfile', 'FROM scratch\nCOPY bin/api /usr/bin/api\n');
    const fresh = Object.fromEntries(await run(['apps/api/Dockerfile']));
    expect(fresh['apps/api/Dockerfile']?.projects?.['apps/api']?.targets?.['release']?.options.images).toEqual(['api']);
  });
});

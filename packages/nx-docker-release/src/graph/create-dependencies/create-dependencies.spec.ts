import { DependencyType, type CreateDependenciesContext, type ProjectConfiguration } from '@nx/devkit';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const mockDataDir = mkdtempSync(join(tmpdir(), 'create-deps-data-'));
jest.mock('../nx-runtime', () => ({ ...jest.requireActual('../nx-runtime'), workspaceDataDirectory: () => mockDataDir }));
const { createDependencies } = require('./create-dependencies') as typeof import('./create-dependencies');

const release = (options: Record<string, unknown>) => ({ release: { executor: 'nx-docker-release:docker-release', options } });

describe('createDependencies', () => {
  let root: string;
  const files: Record<string, string> = {
    'go.work': 'go 1.19\nuse (\n\t./apps/worker\n\t./libs/shared\n)\n',
    'apps/api/project.json': '{}',
    'apps/api/Dockerfile': 'FROM ghcr.io/acme/base:1\nCOPY apps/api/bin/api /api\nCOPY libs/assets/logo.png /logo.png\n',
    'apps/api/go.mod': 'module example.com/api\nrequire example.com/shared v0.0.0\nreplace example.com/shared => ../../libs/shared\n',
    'apps/worker/go.mod': 'module example.com/worker\nrequire example.com/shared v0.0.0\n',
    'libs/shared/go.mod': 'module example.com/shared\n',
    'libs/assets/logo.png': 'png',
    'images/base/Dockerfile': 'FROM scratch\n',
    'docs/readme.md': '',
  };
  const projects: Record<string, ProjectConfiguration> = {
    api: { root: 'apps/api', targets: release({ context: '.', file: 'apps/api/Dockerfile', images: ['ghcr.io/acme/api'] }) },
    worker: { root: 'apps/worker' },
    shared: { root: 'libs/shared' },
    assets: { root: 'libs/assets' },
    base: { root: 'images/base', targets: release({ images: ['ghcr.io/acme/base'] }) },
    'nx-docker-release': { root: 'packages/nx-docker-release' },
  };
  const context = (): CreateDependenciesContext => {
    const projectFileMap: Record<string, Array<{ file: string; hash: string }>> = {};
    const nonProjectFiles: Array<{ file: string; hash: string }> = [];
    for (const file of Object.keys(files)) {
      const owner = Object.entries(projects).find(([, p]) => file.startsWith(`${p.root}/`))?.[0];
      if (owner) (projectFileMap[owner] ??= []).push({ file, hash: '0' });
      else nonProjectFiles.push({ file, hash: '0' });
    }
    const fileMap = { projectFileMap, nonProjectFiles };
    return { workspaceRoot: root, projects, nxJsonConfiguration: {}, externalNodes: {}, fileMap, filesToProcess: fileMap };
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'create-deps-ws-'));
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), text);
    }
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(mockDataDir, { recursive: true, force: true });
  });

  it('returns Dockerfile, Go module and executor edges bound to their files', async () => {
    const deps = await createDependencies(undefined, context());
    expect(deps).toEqual([
      { source: 'api', target: 'assets', sourceFile: 'apps/api/Dockerfile', type: DependencyType.static },
      { source: 'api', target: 'base', sourceFile: 'apps/api/Dockerfile', type: DependencyType.static },
      { source: 'api', target: 'shared', sourceFile: 'apps/api/go.mod', type: DependencyType.static },
      { source: 'worker', target: 'shared', sourceFile: 'apps/worker/go.mod', type: DependencyType.static },
      { source: 'api', target: 'nx-docker-release', sourceFile: 'apps/api/project.json', type: DependencyType.static },
      { source: 'base', target: 'nx-docker-release', sourceFile: 'images/base/Dockerfile', type: DependencyType.static },
    ]);
  });

  it('records why each edge exists for tools/why-affected.js', async () => {
    await createDependencies(undefined, context());
    const log = JSON.parse(readFileSync(join(mockDataDir, 'nx-docker-release-edges.json'), 'utf8')) as Array<{ reason: string }>;
    expect(log.map((e) => e.reason)).toContain('COPY libs/assets/logo.png (apps/api/Dockerfile:3)');
    expect(log.map((e) => e.reason)).toContain('go.work use libs/shared + require example.com/shared (apps/worker/go.mod:2)');
  });
});

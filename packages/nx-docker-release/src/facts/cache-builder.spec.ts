import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Runner } from '../release/runner';
import { cacheBuilder } from './cache-builder';

const INSPECT_DEFAULT = 'Name:          default\nDriver:        docker\nLast Activity: 2026-12-07 09:38:10 +0000 UTC\n';
const fake =
  (answers: Record<string, { exitCode?: number; stdout?: string; stderr?: string }>, calls: string[][] = []): Runner =>
  async (_file, args) => {
    calls.push([...args]);
    const a = answers[args[0] === 'info' ? 'info' : 'inspect'] ?? {};
    return { exitCode: a.exitCode ?? 0, stdout: a.stdout ?? '', stderr: a.stderr ?? '' };
  };

// The engine's API is not asked: these cases are about the CLI's answers.
const noEngine = (): Promise<unknown> => Promise.resolve(null);

describe('cacheBuilder: what a cache export will meet', () => {
  it.each<[string, Record<string, { exitCode?: number; stdout?: string; stderr?: string }>, object]>([
    // Captured from Docker 26.1 here: the classic store (overlay2) and the containerd store.
    [
      'docker driver, classic store',
      { inspect: { stdout: INSPECT_DEFAULT }, info: { stdout: '[["Backing Filesystem","extfs"],["Supports d_type","true"]]\n' } },
      { name: 'default', driver: 'docker', containerdStore: false },
    ],
    [
      'docker driver, containerd store',
      { inspect: { stdout: INSPECT_DEFAULT }, info: { stdout: '[["driver-type","io.containerd.snapshotter.v1"]]\n' } },
      { name: 'default', driver: 'docker', containerdStore: true },
    ],
    ['a docker-container builder', { inspect: { stdout: 'Name:   ci\nDriver: docker-container\n' } }, { name: 'ci', driver: 'docker-container' }],
    ['a builder that does not exist', { inspect: { exitCode: 1, stderr: 'ERROR: no builder "ci" found\n' } }, { name: 'ci', unreadable: 'ERROR: no builder "ci" found' }],
  ])('%s', async (_name, answers, expected) => {
    const calls: string[][] = [];
    expect(await cacheBuilder('docker', answers.inspect?.exitCode ? 'ci' : undefined, {}, fake(answers, calls), noEngine)).toEqual(expected);
    expect(calls).toContainEqual(['info', '--format={{json .DriverStatus}}']);
  });

  it('names the builder of buildxBuilder with a --flag=value token', async () => {
    const calls: string[][] = [];
    await cacheBuilder('docker', 'ci', {}, fake({ inspect: { stdout: 'Name: ci\nDriver: remote\n' } }, calls), noEngine);
    expect(calls).toContainEqual(['buildx', 'inspect', '--builder=ci']);
  });
});

describe('cacheBuilder: the default builder of a local engine is read from the engine API', () => {
  let config: string;
  beforeEach(() => {
    config = mkdtempSync(join(tmpdir(), 'cache-builder-spec-'));
  });
  afterEach(() => rmSync(config, { recursive: true, force: true }));

  it.each([
    ['containerd store', [['driver-type', 'io.containerd.snapshotter.v1']], true],
    ['classic store', [['Backing Filesystem', 'extfs']], false],
  ])('%s: no docker process', async (_what, driverStatus, containerdStore) => {
    const calls: string[][] = [];
    const out = await cacheBuilder('docker', undefined, { DOCKER_CONFIG: config }, fake({}, calls), () => Promise.resolve({ DriverStatus: driverStatus }));
    expect(out).toEqual({ name: 'default', driver: 'docker', containerdStore });
    expect(calls).toEqual([]);
  });

  it.each<[string, Record<string, string>, () => void]>([
    ['BUILDX_BUILDER', { BUILDX_BUILDER: 'ci' }, () => undefined],
    ['docker buildx use', {}, () => (mkdirSync(join(config, 'buildx')), writeFileSync(join(config, 'buildx', 'current'), JSON.stringify({ Key: 'x', Name: 'ci', Global: false })))],
    ['a docker context', {}, () => writeFileSync(join(config, 'config.json'), JSON.stringify({ currentContext: 'remote' }))],
  ])('a builder chosen by %s is asked through the CLI', async (_what, env, setUp) => {
    setUp();
    const calls: string[][] = [];
    const engine = jest.fn(() => Promise.resolve({ DriverStatus: [] }));
    await cacheBuilder('docker', undefined, { DOCKER_CONFIG: config, ...env }, fake({ inspect: { stdout: 'Name: ci\nDriver: docker-container\n' } }, calls), engine);
    expect(calls[0]?.slice(0, 2)).toEqual(['buildx', 'inspect']);
    expect(engine).not.toHaveBeenCalled();
  });
});

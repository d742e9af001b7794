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
    expect(await cacheBuilder('docker', answers.inspect?.exitCode ? 'ci' : undefined, {}, fake(answers, calls))).toEqual(expected);
    expect(calls).toContainEqual(['info', '--format={{json .DriverStatus}}']);
  });

  it('names the builder of buildxBuilder with a --flag=value token', async () => {
    const calls: string[][] = [];
    await cacheBuilder('docker', 'ci', {}, fake({ inspect: { stdout: 'Name: ci\nDriver: remote\n' } }, calls));
    expect(calls).toContainEqual(['buildx', 'inspect', '--builder=ci']);
  });
});

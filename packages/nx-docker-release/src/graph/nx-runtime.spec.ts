import type { CreateNodesContext } from '@nx/devkit';
import { workspaceDataDirectory as devkitDataDirectory } from '@nx/devkit/internal';
import { isAggregateCreateNodesError } from 'nx/src/project-graph/error-types';
import { createNodesFromFiles, hashValue, workspaceDataDirectory } from './nx-runtime';

describe('nx-runtime (what the graph plugin uses instead of loading @nx/devkit)', () => {
  it('finds the same workspace-data directory as @nx/devkit/internal', () => {
    expect(workspaceDataDirectory()).toBe(devkitDataDirectory);
  });

  it('hashes values independently of key order, and differently for different values', () => {
    expect(hashValue({ a: 1, b: { c: [1, 2], d: 'x' } })).toBe(hashValue({ b: { d: 'x', c: [1, 2] }, a: 1 }));
    expect(hashValue({ a: 1 })).not.toBe(hashValue({ a: 2 }));
    expect(hashValue({ a: [1, 2] })).not.toBe(hashValue({ a: [2, 1] }));
  });

  it('keeps the results of the files that worked and throws an error Nx recognises for the rest', async () => {
    const context = { workspaceRoot: '/ws', nxJsonConfiguration: {} } as CreateNodesContext;
    const create = (file: string): { projects: Record<string, object> } => {
      if (file.includes('bad')) throw new Error(`cannot read ${file}`);
      return { projects: { [file]: {} } };
    };
    await expect(createNodesFromFiles(create, ['a/Dockerfile', 'b/Dockerfile'], {}, context)).resolves.toEqual([
      ['a/Dockerfile', { projects: { 'a/Dockerfile': {} } }],
      ['b/Dockerfile', { projects: { 'b/Dockerfile': {} } }],
    ]);
    const err = await createNodesFromFiles(create, ['a/Dockerfile', 'bad/Dockerfile'], {}, context).catch((e: unknown) => e);
    expect(isAggregateCreateNodesError(err)).toBe(true);
    expect(err).toMatchObject({ errors: [['bad/Dockerfile', new Error('cannot read bad/Dockerfile')]], partialResults: [['a/Dockerfile', { projects: { 'a/Dockerfile': {} } }]] });
  });
});

import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import type { Tree } from '@nx/devkit';
import { detectNodeVersion } from './node-version';

describe('detectNodeVersion', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    tree.write('package.json', JSON.stringify({ name: 'ws', private: true }));
  });

  it.each<[string, Record<string, string>, object]>([
    ['.nvmrc first', { '.nvmrc': '22\n', '.node-version': '20\n', 'package.json': '{"engines":{"node":">=18"}}' }, { 'node-version-file': '.nvmrc' }],
    ['.node-version when there is no .nvmrc', { '.node-version': '20.19.0\n', 'package.json': '{"engines":{"node":">=18"}}' }, { 'node-version-file': '.node-version' }],
    ['an empty .nvmrc does not count', { '.nvmrc': '\n', '.node-version': '20\n' }, { 'node-version-file': '.node-version' }],
    ['package.json engines.node', { 'package.json': '{"engines":{"node":">=20.19.0"}}' }, { 'node-version-file': 'package.json' }],
    ['package.json without engines.node: the LTS', { 'package.json': '{"engines":{"npm":">=10"}}' }, { 'node-version': 24 }],
    ['an unreadable package.json: the LTS', { 'package.json': '{not json' }, { 'node-version': 24 }],
  ])('%s', (_, files, expected) => {
    for (const [path, text] of Object.entries(files)) tree.write(path, text);
    expect(detectNodeVersion(tree)).toEqual(expected);
  });

  it('no package.json at all: the LTS', () => {
    tree.delete('package.json');
    expect(detectNodeVersion(tree)).toEqual({ 'node-version': 24 });
  });
});

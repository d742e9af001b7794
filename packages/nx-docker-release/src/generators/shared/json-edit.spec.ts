import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { writeJsonEdits } from './json-edit';

describe('writeJsonEdits', () => {
  it('changes only what differs: the rest keeps its order, line breaks and comments', () => {
    const tree = createTreeWithEmptyWorkspace();
    const text = [
      '{',
      '    // the team keeps a comment here',
      '    "name": "api",',
      '    "tags": ["scope:api", "type:app"],',
      '    "targets": {',
      '        "build": { "executor": "nx:run-commands", "options": { "command": "go build" } }',
      '    }',
      '}',
      '',
    ].join('\n');
    tree.write('apps/api/project.json', text);
    const before = { name: 'api', tags: ['scope:api', 'type:app'], targets: { build: { executor: 'nx:run-commands', options: { command: 'go build' } } } };
    const after = structuredClone(before) as typeof before & { targets: Record<string, unknown> };
    after.targets['release'] = { executor: 'nx-docker-release:docker-release', options: { images: ['ghcr.io/acme/api'] } };
    writeJsonEdits(tree, 'apps/api/project.json', before, after);
    const out = tree.read('apps/api/project.json', 'utf-8') ?? '';
    expect(out).toContain('    // the team keeps a comment here\n');
    expect(out).toContain('    "tags": ["scope:api", "type:app"],\n');
    expect(out).toContain('        "build": { "executor": "nx:run-commands", "options": { "command": "go build" } }');
    expect(JSON.parse(out.replace(/^\s*\/\/.*$/m, ''))).toEqual(after);
    expect(out).toMatch(/\n {8}"release": \{\n {12}"executor": "nx-docker-release:docker-release",/);
  });

  it('removes a key that is gone and writes nothing when nothing differs', () => {
    const tree = createTreeWithEmptyWorkspace();
    tree.write('nx.json', '{\n  "a": 1,\n  "b": { "c": 2 }\n}\n');
    writeJsonEdits(tree, 'nx.json', { a: 1, b: { c: 2 } }, { a: 1, b: { c: 2 } });
    expect(tree.read('nx.json', 'utf-8')).toBe('{\n  "a": 1,\n  "b": { "c": 2 }\n}\n');
    writeJsonEdits(tree, 'nx.json', { a: 1, b: { c: 2 } }, { b: { c: 3 } });
    expect(JSON.parse(tree.read('nx.json', 'utf-8') ?? '')).toEqual({ b: { c: 3 } });
  });

  it('a parent the file lacks is written whole at the nearest one it has', () => {
    const tree = createTreeWithEmptyWorkspace();
    tree.write('p.json', '{ "name": "api" }\n');
    writeJsonEdits(tree, 'p.json', { name: 'api', targets: {} }, { name: 'api', targets: { release: { executor: 'x' } } });
    expect(JSON.parse(tree.read('p.json', 'utf-8') ?? '')).toEqual({ name: 'api', targets: { release: { executor: 'x' } } });
  });
});

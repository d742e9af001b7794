import { sourcePattern } from './glob-prefix';
import { globMatch } from './glob-match';
import { ownerOf, projectsUnder, type ProjectRoots } from './project-roots';
import { resolveFromFile, resolveWorkspacePath } from './workspace-path';

describe('resolveWorkspacePath', () => {
  it.each([
    ['assistant/backend', 'bin/app', 'assistant/backend/bin/app'],
    ['assistant/backend', './bin/', 'assistant/backend/bin'],
    ['assistant/backend', '.', 'assistant/backend'],
    ['.', '.', ''],
    ['', 'assistant/config/channels.json', 'assistant/config/channels.json'],
    ['.', '/assistant/config', 'assistant/config'],
    ['assistant/backend', '../shared', 'assistant/shared'],
    ['assistant', '../../etc/passwd', undefined],
    ['.', '..', undefined],
  ])('%s + %s', (base, relative, want) => {
    expect(resolveWorkspacePath(base, relative)).toBe(want);
  });

  it('resolves go.mod paths from the file directory', () => {
    expect(resolveFromFile('assistant/backend/go.mod', '../shared')).toBe('assistant/shared');
    expect(resolveFromFile('go.work', './apps/api')).toBe('apps/api');
    expect(resolveFromFile('go.work', '.')).toBe('');
  });
});

describe('sourcePattern', () => {
  it.each([
    ['assistant/config/channels.json', { prefix: 'assistant/config/channels.json', glob: false }],
    ['assistant/config/*.json', { prefix: 'assistant/config', glob: true }],
    ['assistant/**/x', { prefix: 'assistant', glob: true }],
    ['conf?g/a', { prefix: '', glob: true }],
    ['a/[ab]/c', { prefix: 'a', glob: true }],
  ])('%s', (path, want) => {
    expect(sourcePattern(path)).toEqual(want);
  });
});

describe('globMatch', () => {
  it.each([
    ['**/Dockerfile', 'Dockerfile', true],
    ['**/Dockerfile', 'assistant/backend/Dockerfile', true],
    ['**/Dockerfile', 'assistant/backend/Dockerfile.dev', false],
    ['services/*/Dockerfile', 'services/notifier/Dockerfile', true],
    ['services/*/Dockerfile', 'services/a/b/Dockerfile', false],
    ['services/**', 'services/a/b/Dockerfile', true],
    ['{apps,services}/*/Dockerfile', 'apps/x/Dockerfile', true],
    ['{apps,services}/*/Dockerfile', 'libs/x/Dockerfile', false],
    ['a?c/Dockerfile', 'abc/Dockerfile', true],
    ['a.c/Dockerfile', 'abc/Dockerfile', false],
  ])('%s ~ %s', (glob, path, want) => {
    expect(globMatch(glob, path)).toBe(want);
  });
});

describe('project roots', () => {
  const roots: ProjectRoots = [
    ['root', '.'],
    ['assistant', 'assistant'],
    ['backend', 'assistant/backend'],
    ['backend-e2e', 'assistant/backend-e2e'],
  ];
  it.each([
    ['assistant/backend/main.go', 'backend'],
    ['assistant/backend', 'backend'],
    ['assistant/backend-e2e/x', 'backend-e2e'],
    ['assistant/readme.md', 'assistant'],
    ['docs/x.md', 'root'],
  ])('owner of %s', (path, want) => {
    expect(ownerOf(path, roots)).toBe(want);
  });

  it('has no owner without a root project', () => {
    expect(ownerOf('docs/x.md', roots.slice(1))).toBeUndefined();
  });

  it('lists projects nested in a directory', () => {
    expect(projectsUnder('assistant', roots)).toEqual(['assistant', 'backend', 'backend-e2e']);
    expect(projectsUnder('', roots)).toEqual(['assistant', 'backend', 'backend-e2e']);
    expect(projectsUnder('assistant/backend/main.go', roots)).toEqual([]);
  });
});

import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { cleanPath, holdsSource } from './context-source';

describe('context sources', () => {
  it.each([
    ['./main.go', 'main.go'],
    ['services/api/', 'services/api'],
    ['/libs//gokit', 'libs/gokit'],
    ['./', '.'],
    ['.', '.'],
    ['../shared', '../shared'],
  ])('reads COPY source %j as %j', (source, clean) => expect(cleanPath(source)).toBe(clean));

  const tree = createTreeWithEmptyWorkspace({ formatter: 'none' });
  tree.write('services/api/main.go', '');
  tree.write('services/api/cmd/server/main.go', '');
  tree.write('services/api/go.sum', '');
  tree.write('libs/gokit/go.mod', '');

  it.each([
    ['services/api', 'main.go', true],
    ['services/api', '.', true],
    ['services/api', '*.go', true],
    ['services/api', 'go.[ms]*', true],
    ['services/api', 'go.[!s]*', false],
    ['services/api', 'cmd/*/main.go', true],
    ['services/api', 'cmd/*/other.go', false],
    ['services/api', '*.proto', false],
    ['services/api', 'libs/gokit', false],
    ['.', 'libs/gokit', true],
    ['.', 'libs/*', true],
    ['.', 'services/api', true],
    ['.', '$APP/main.go', false],
    ['services/api', '../../libs/gokit', false],
  ])('in %j, %j is held: %j', (dir, source, held) => expect(holdsSource(tree, dir, source)).toBe(held));
});

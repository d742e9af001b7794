import { projectIdentity } from './project-identity';

const reader = (files: Record<string, string>) => (path: string) => files[path];

describe('projectIdentity', () => {
  it('reads the name and the explicit release context and build args from project.json', () => {
    const projectJson = JSON.stringify({
      name: 'notifier',
      targets: { release: { options: { context: '.', buildArgs: { A: '1', B: 2 } } } },
    });
    expect(projectIdentity('services/notifier', 'release', reader({ 'services/notifier/project.json': projectJson }))).toEqual({
      name: 'notifier',
      source: projectJson,
      explicitContext: '.',
      buildArgs: { A: '1' },
    });
  });

  it('a project.json without a name is named after its directory', () => {
    expect(projectIdentity('apps/api', 'release', reader({ 'apps/api/project.json': '{}' }))?.name).toBe('api');
  });

  it('reads a package.json project and its nx targets', () => {
    const pkg = JSON.stringify({ name: '@acme/web', nx: { targets: { ship: { options: { context: 'apps' } } } } });
    expect(projectIdentity('apps/web', 'ship', reader({ 'apps/web/package.json': pkg }))).toMatchObject({ name: '@acme/web', explicitContext: 'apps' });
  });

  it.each([
    ['no project file', {}],
    ['a package.json without a name', { 'x/package.json': '{"private": true}' }],
    ['an unparsable package.json', { 'x/package.json': '{' }],
  ])('%s: not a project', (_name, files) => {
    expect(projectIdentity('x', 'release', reader(files))).toBeUndefined();
  });
});

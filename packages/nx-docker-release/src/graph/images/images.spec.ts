import { defaultImage, imageNameFor } from './image-name';
import { imageRepository, withRegistry } from '../../release/image-ref';
import { releaseRepositories } from './release-images';

describe('imageRepository', () => {
  it.each([
    ['redis', 'docker.io/library/redis'],
    ['redis:7', 'docker.io/library/redis'],
    ['docker.io/library/redis:7@sha256:abc', 'docker.io/library/redis'],
    ['index.docker.io/acme/app', 'docker.io/acme/app'],
    ['acme/app:1', 'docker.io/acme/app'],
    ['GHCR.io/Acme/App:1.0', 'ghcr.io/acme/app'],
    ['localhost:5000/app:1', 'localhost:5000/app'],
    ['127.0.0.1:5000/team/app', '127.0.0.1:5000/team/app'],
    ['localhost/app', 'localhost/app'],
  ])('%s', (ref, want) => {
    expect(imageRepository(ref)).toBe(want);
  });

  it('replaces the registry host', () => {
    expect(withRegistry('ghcr.io/acme/app', '127.0.0.1:5000')).toBe('127.0.0.1:5000/acme/app');
  });
});

describe('releaseRepositories', () => {
  it.each([
    [{ images: ['ghcr.io/acme/app'] }, ['ghcr.io/acme/app']],
    [{ images: ['name=ghcr.io/acme/a,enable=true', 'name=ghcr.io/acme/b,enable=false'] }, ['ghcr.io/acme/a']],
    [{ images: ['ghcr.io/acme/app'], registry: 'localhost:5000' }, ['ghcr.io/acme/app', 'localhost:5000/acme/app']],
    [{ images: ['{{ env.IMAGE }}', 42] }, []],
    [{}, []],
  ])('%j', (options, want) => {
    expect(releaseRepositories(options)).toEqual(want);
  });
});

describe('image names', () => {
  it.each([
    ['backend', 'backend'],
    ['@acme/Web-App', 'acme-web-app'],
    ['a__b..c', 'a-b-c'],
    ['--', 'image'],
  ])('%s', (project, want) => {
    expect(imageNameFor(project)).toBe(want);
  });

  it('puts the name under the registry namespace', () => {
    expect(defaultImage('notifier', 'ghcr.io/acme/')).toBe('ghcr.io/acme/notifier');
    expect(defaultImage('notifier', undefined)).toBe('notifier');
  });
});

import { imageEntryName, parseImageName, withRegistry } from './image-ref';
import { ReleaseError } from './release-error';

describe('parseImageName', () => {
  it.each([
    ['ghcr.io/kyma-project/kyma-companion/ai-backend', 'ghcr.io', 'kyma-project/kyma-companion/ai-backend'],
    ['user/app', 'docker.io', 'user/app'],
    ['app', 'docker.io', 'app'],
    ['127.0.0.1:5000/team/app', '127.0.0.1:5000', 'team/app'],
    ['localhost/app', 'localhost', 'app'],
    ['registry.example.com:443/a_b/c__d/e-f', 'registry.example.com:443', 'a_b/c__d/e-f'],
  ])('%s -> %s + %s', (name, registry, path) => {
    expect(parseImageName(name)).toEqual({ registry, path });
  });

  it.each(['Ghcr.io/Org/App/UPPER', 'ghcr.io/org/app:1.0', 'ghcr.io/org/app@sha256:abc', '', '-app', 'a//b', 'app/'])('rejects %j naming the option', (name) => {
    expect(() => parseImageName(name, 'images[0]')).toThrow(ReleaseError);
    expect(() => parseImageName(name, 'images[0]')).toThrow(/images\[0\]/);
  });
});

describe('withRegistry', () => {
  it('moves the repository path to another host', () => {
    expect(withRegistry('ghcr.io/kyma-project/kyma-companion/ai-backend', '127.0.0.1:5000')).toBe('127.0.0.1:5000/kyma-project/kyma-companion/ai-backend');
    expect(withRegistry('user/app', 'localhost:5000')).toBe('localhost:5000/user/app');
  });
});

describe('imageEntryName (metadata-action image lines)', () => {
  it.each([
    ['ghcr.io/acme/app', 'ghcr.io/acme/app'],
    ['name=ghcr.io/acme/app,enable=false', 'ghcr.io/acme/app'],
    ['acme/app,enable=true', 'acme/app'],
    ['name/foo,name=name/bar', 'name/bar'],
    ['enable=true', undefined],
  ])('%s -> %s', (entry, name) => expect(imageEntryName(entry)).toBe(name));
});

import { imageEntryName, imageRepository, isRegistryHost, parseImageName, REPOSITORY_PATH, withRegistry } from './image-ref';
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

describe('parseImageName: length', () => {
  it('a name over 255 characters (host and path) is too long, not mis-spelt; 255 is fine', () => {
    const name = (n: number): string => `ghcr.io/acme/${'a'.repeat(n - 'ghcr.io/acme/'.length)}`;
    expect(parseImageName(name(255)).path).toHaveLength(255 - 'ghcr.io/'.length);
    expect(() => parseImageName(name(256), 'images[0]')).toThrow(
      new ReleaseError(`images[0]: "${name(256).slice(0, 48)}..." is too long (256 > 255 characters for the registry host and repository path together)`),
    );
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

describe('one rule for what names a registry host', () => {
  it.each([
    ['ghcr.io', true],
    ['localhost', true],
    ['localhost:5000', true],
    ['127.0.0.1:5000', true],
    ['[::1]:5000', true],
    ['org', false],
    ['bad_host.io', false],
    ['-lead.io', false],
    ['ghcr.io/org', false],
  ])('isRegistryHost(%s) is %s', (host, expected) => {
    expect(isRegistryHost(host)).toBe(expected);
  });

  it('parseImageName, imageRepository and isRegistryHost agree on the first component', () => {
    for (const name of ['ghcr.io/a/b', 'localhost/a', '[::1]:5000/a', 'org/app', 'app']) {
      const first = name.split('/')[0] ?? '';
      const hosted = name.includes('/') && isRegistryHost(first);
      expect(parseImageName(name).registry === first).toBe(hosted);
      expect(imageRepository(name).startsWith(`${first}/`)).toBe(hosted);
    }
  });

  it('REPOSITORY_PATH is the lowercase path grammar', () => {
    expect(REPOSITORY_PATH.test('team/a_b/c__d/e-f')).toBe(true);
    expect(REPOSITORY_PATH.test('Team/app')).toBe(false);
    expect(REPOSITORY_PATH.test('team//app')).toBe(false);
  });
});

import { versionPublish } from './publish-version';

describe('versionPublish', () => {
  it('the version tag in the target pattern, and the revisions it may promote from', () => {
    expect(versionPublish('notifier', 'release', { images: ['r/n'], releaseTagPattern: '{projectName}@{version}' }, '0.2.0', '0.1.0', 'notifier@{version}')).toEqual({
      tag: 'notifier@0.2.0',
      promoteRevisions: ['HEAD^', 'refs/tags/notifier@0.1.0^{commit}'],
      options: { images: ['r/n'], releaseTagPattern: '{projectName}@{version}', ref: 'refs/tags/notifier@0.2.0' },
    });
  });

  it('a first version has no previous tag; promoteFrom set on the target is left as the user wrote it', () => {
    expect(versionPublish('api', 'release', { images: ['r/a'] }, '1.0.0', undefined, undefined).promoteRevisions).toEqual(['HEAD^']);
    expect(versionPublish('api', 'release', { images: ['r/a'], promoteFrom: ['f'.repeat(40)] }, '1.0.0', '0.9.0', undefined).promoteRevisions).toEqual([]);
  });

  it('a pattern other than the one nx release tags with is one line', () => {
    expect(() => versionPublish('api', 'ship', { images: ['r/a'] }, '1.0.0', undefined, 'api@{version}')).toThrow(
      /^releaseTagPattern: api's ship target expects tags "\{version\}" but nx release tags git with "api@\{version\}"/,
    );
  });
});

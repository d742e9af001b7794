import { MetadataError } from './metadata-error';
import { matchReleaseTag } from './release-tag-pattern';

describe('matchReleaseTag', () => {
  test.each<[string, string, string, string | null]>([
    ['{projectName}@{version}', 'api@1.2.3', 'api', '1.2.3'],
    ['{projectName}@{version}', 'api@1.2.3-rc.1+build.5', 'api', '1.2.3-rc.1+build.5'],
    ['{projectName}@{version}', 'web@1.2.3', 'api', null],
    ['{projectName}@{version}', 'api-gateway@1.2.3', 'api', null],
    ['{projectName}@{version}', '@org/api@2.0.0', '@org/api', '2.0.0'],
    ['{projectName}@{version}', 'api@', 'api', null],
    ['{projectName}/v{version}', 'api/v1.2.3', 'api', '1.2.3'],
    ['{projectName}/v{version}', 'api/1.2.3', 'api', null],
    ['{version}', '1.2.3', 'api', '1.2.3'],
    // A leading v belongs in the pattern: {version} and v{version} never claim the same tag.
    ['{version}', 'v1.2.3', 'api', null],
    ['{version}', 'v0.0.9', 'api', null],
    ['v{version}', 'vv1.2.3', 'api', null],
    ['{version}', '1.2.3-rc.1', 'api', '1.2.3-rc.1'],
    ['{version}', '1!2.0.post1', 'api', '1!2.0.post1'],
    ['{version}', 'api@1.2.3', 'api', null],
    ['{version}', 'api/1.2.3', 'api', null],
    ['{version}', 'latest', 'api', null],
    ['v{version}', 'v1.2.3', 'api', '1.2.3'],
    ['v{version}', 'x1.2.3', 'api', null],
    // Literal parts are not regex syntax: '.' must not match any character.
    ['{projectName}.{version}', 'a.b-1.0', 'a.b', null],
    ['{projectName}.{version}', 'a.b.1.0', 'a.b', '1.0'],
    ['{projectName}.{version}', 'axb.1.0', 'a.b', null],
    ['rel+{version}', 'rel+1.0.0', 'api', '1.0.0'],
    ['rel+{version}', 'relll1.0.0', 'api', null],
  ])('%s against %s (project %s)', (pattern, tag, project, version) => {
    expect(matchReleaseTag(pattern, tag, project)).toEqual(version === null ? null : { version });
  });

  test.each<[string, string]>([
    ['{projectName}@latest', 'must contain {version} exactly once'],
    ['{version}-{version}', 'must contain {version} exactly once'],
    ['{project}@{version}', 'unknown placeholder {project}'],
    ['{projectName}@{Version}', 'unknown placeholder {Version}'],
  ])('rejects pattern %s', (pattern, message) => {
    const call = (): unknown => matchReleaseTag(pattern, 'api@1.0.0', 'api');
    expect(call).toThrow(MetadataError);
    expect(call).toThrow(`Invalid release tag pattern "${pattern}": ${message}`);
  });
});

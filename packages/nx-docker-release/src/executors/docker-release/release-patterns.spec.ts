import type { NxJsonConfiguration, ProjectConfiguration } from '@nx/devkit';
import { otherReleasePatterns } from './release-patterns';

const target = (options: Record<string, unknown> = {}) => ({ executor: 'nx-docker-release:docker-release', options });

describe('otherReleasePatterns', () => {
  const projects: Record<string, ProjectConfiguration> = {
    web: { root: 'web', targets: { release: target() } },
    api: { root: 'api', targets: { release: target({ releaseTagPattern: 'v{version}' }), 'release-worker': target({ releaseTagPattern: 'v{version}' }) } },
    lib: { root: 'lib', targets: { build: { executor: 'nx:run-commands' } } },
    self: { root: 'self', targets: { release: target() } },
  };

  it('every other project with a release target, its own pattern first, else the plugin default, else {version}', () => {
    expect(otherReleasePatterns(projects, undefined, 'self')).toEqual([
      { project: 'api', pattern: 'v{version}' },
      { project: 'web', pattern: '{version}' },
    ]);
    const nxJson: NxJsonConfiguration = { plugins: [{ plugin: 'nx-docker-release/plugin', options: { releaseTagPattern: '{projectName}@{version}' } }] };
    expect(otherReleasePatterns(projects, nxJson, 'self')).toEqual([
      { project: 'api', pattern: 'v{version}' },
      { project: 'web', pattern: '{projectName}@{version}' },
    ]);
  });
});

import { addProjectConfiguration, logger, readProjectConfiguration } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import configurationGenerator from './generator';
import { configurationNextSteps } from './next-steps';

describe('configuration: next steps', () => {
  it('after a template: read the Dockerfile, dry-run, the login variables by name, the workflow, the first tag of its pattern', async () => {
    const tree = createTreeWithEmptyWorkspace();
    addProjectConfiguration(tree, 'api', { root: 'apps/api', projectType: 'application' });
    tree.write('apps/api/go.mod', 'module api\n');
    const info = jest.spyOn(logger, 'info').mockImplementation(() => undefined);
    try {
      const done = await configurationGenerator(tree, { project: 'api', skipFormat: true });
      expect(info).not.toHaveBeenCalledWith(expect.stringContaining('Next steps'));
      done();
      const printed = info.mock.calls.map(([line]) => String(line));
      expect(printed[0]).toBe('Next steps (configuration):');
      expect(printed.join('\n')).toContain('1. read apps/api/Dockerfile, written from a template');
      expect(printed.join('\n')).toContain('nx run api:release --dryRun');
      expect(printed.join('\n')).toContain('nx g nx-docker-release:ci-workflow');
      expect(printed.join('\n')).toMatch(/push the git tag 1\.0\.0 \(its pattern: \{version\}\)/);
    } finally {
      info.mockRestore();
    }
  });

  it('names the login variables the target reads and the tag its own pattern takes', () => {
    const tree = createTreeWithEmptyWorkspace();
    addProjectConfiguration(tree, 'web', {
      root: 'apps/web',
      targets: {
        release: {
          executor: 'nx-docker-release:docker-release',
          options: { login: { registry: 'ghcr.io', usernameEnv: 'REG_USER', passwordEnv: 'REG_PASS' }, releaseTagPattern: '{projectName}@{version}' },
        },
      },
    });
    const steps = configurationNextSteps(tree, { project: readProjectConfiguration(tree, 'web'), dockerfile: 'apps/web/Dockerfile', written: false, plugin: undefined });
    expect(steps).toEqual([
      'see what a release would do: nx run web:release --dryRun',
      'set REG_USER, REG_PASS where the release runs (in CI, repository secrets of the same names)',
      'write the release workflow: nx g nx-docker-release:ci-workflow',
      'release a version: push the git tag web@1.0.0 (its pattern: {projectName}@{version}), or use nx release',
    ]);
  });
});

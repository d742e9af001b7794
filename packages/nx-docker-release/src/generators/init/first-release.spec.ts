import { addProjectConfiguration, type ProjectGraphProjectNode, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import GitTagVersionActions from '../../../version-actions';
import { releaseConfig } from './release-config';

// Nx's own resolver of the current version from git tags, as `nx release` calls it (Nx 23).
const { resolveCurrentVersionFromGitTag } = require('nx/src/command-line/release/version/resolve-current-version') as {
  resolveCurrentVersionFromGitTag: (...args: unknown[]) => Promise<string>;
};

const node: ProjectGraphProjectNode = { name: 'backend', type: 'app', data: { root: 'assistant/backend' } };
const group = { name: 'images', projects: ['backend'], projectsRelationship: 'independent' };
const logger = { buffer: jest.fn() };

/** What nx release resolves for a project with no tag matching `{version}`, under the given fallback. */
function currentVersion(tree: Tree, fallbackCurrentVersionResolver: string | undefined): Promise<string> {
  const finalConfig = { currentVersionResolver: 'git-tag', fallbackCurrentVersionResolver, specifierSource: 'conventional-commits' };
  const actions = new (GitTagVersionActions as unknown as new (...a: unknown[]) => GitTagVersionActions)(group, node, finalConfig);
  return resolveCurrentVersionFromGitTag(tree, node, group, actions, logger, new Map(), finalConfig, '{version}', undefined);
}

describe('the first nx release of a repository without release tags', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    addProjectConfiguration(tree, 'backend', { root: 'assistant/backend', targets: { release: { executor: 'nx-docker-release:docker-release', options: { images: ['ghcr.io/acme/backend'] } } } });
  });

  it('init --nxRelease falls back to "disk", which the version actions answer with 0.0.0', async () => {
    const { release } = releaseConfig(tree, undefined, 'release');
    const fallback = (release.version as { fallbackCurrentVersionResolver?: string }).fallbackCurrentVersionResolver;
    expect(fallback).toBe('disk');
    await expect(currentVersion(tree, fallback)).resolves.toBe('0.0.0');
    expect(String(logger.buffer.mock.calls.at(-1)?.[0])).toContain('no release tag yet: the first release starts from 0.0.0');
  });

  it('without the fallback Nx refuses, naming the missing tag (what a configuration without it gave)', async () => {
    await expect(currentVersion(tree, undefined)).rejects.toThrow('No git tags matching pattern "{version}" for project "backend" were found');
  });
});

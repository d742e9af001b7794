import { addProjectConfiguration, logger, readJson, readNxJson, updateNxJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { snapshotTree } from '../../../spec-support/tree-snapshot';
import { initGenerator } from './generator';

const VERSION = (require('../../../package.json') as { version: string }).version;

describe('init generator', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace({ formatter: 'none' });
    jest.spyOn(logger, 'info').mockImplementation(() => undefined);
  });

  it('registers the plugin, the release target defaults and the pinned devDependency', async () => {
    await initGenerator(tree, {});
    const nxJson = readNxJson(tree)!;
    expect(nxJson.plugins).toContainEqual({ plugin: 'nx-docker-release/plugin', options: { targetName: 'release' } });
    expect(nxJson.targetDefaults?.['release']).toEqual({ dependsOn: ['build'], cache: false });
    expect(readJson(tree, 'package.json').devDependencies['nx-docker-release']).toBe(VERSION);
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('warns when no registry is set (inferred images would be Docker Hub library/ names), not when one is', async () => {
    const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    await initGenerator(tree, {});
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringMatching(/^nx-docker-release: no registry set, so inferred images are bare project names .*--registry=ghcr.io\/<owner>$/)]);
    warn.mockClear();
    await initGenerator(tree, { registry: 'ghcr.io/acme' });
    expect(warn).not.toHaveBeenCalled();
  });

  describe('next steps (printed from the returned callback, after the files are written)', () => {
    const printed = async (options: Parameters<typeof initGenerator>[1]) => {
      const info = jest.spyOn(logger, 'info').mockImplementation(() => undefined);
      jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
      const callback = await initGenerator(tree, options);
      info.mockClear();
      callback();
      return info.mock.calls.map((c) => String(c[0]));
    };

    it('a fresh workspace: where images go, a target, CI, and how to version with nx release', async () => {
      expect(await printed({})).toEqual([
        'Next steps (init):',
        '  1. set where images go: nx g nx-docker-release:init --registry=ghcr.io/<owner>',
        '  2. give a service a release target: nx g nx-docker-release:configuration --project=<name>',
        '  3. write the release workflow: nx g nx-docker-release:ci-workflow',
        '  4. to version the images with nx release (changelogs, git tags): nx g nx-docker-release:init --nxRelease',
      ]);
    });

    it('--nxRelease with image projects and a login: a dry run, the credentials by name, the first release', async () => {
      addProjectConfiguration(tree, 'backend', { root: 'assistant/backend', targets: {} });
      tree.write('assistant/backend/Dockerfile', 'FROM scratch\n');
      addProjectConfiguration(tree, 'notifier', { root: 'services/notifier', targets: {} });
      tree.write('services/notifier/Dockerfile', 'FROM scratch\n');
      tree.write('.github/workflows/release.yml', '# Written by nx g nx-docker-release:ci-workflow. The Nx project graph decides what to release:\n');
      expect(await printed({ nxRelease: true, registry: 'ghcr.io/acme', usernameEnv: 'GH_CR_USER', passwordEnv: 'GH_CR_PAT' })).toEqual([
        'Next steps (init):',
        '  1. see what a release would do: nx run backend:release --dryRun (every image project: nx run-many -t release --dryRun)',
        '  2. set GH_CR_USER, GH_CR_PAT where the release runs: the default login reads them (in CI, repository secrets of the same names)',
        '  3. first release: nx release --dry-run, then nx release (a project without a release tag starts from 0.0.0); then git push --follow-tags',
      ]);
    });

    it('--nxRelease on an nx.json with a release section says it was kept and what a first release needs', async () => {
      const nxJson = readNxJson(tree)!;
      nxJson.release = { projects: ['*'] };
      updateNxJson(tree, nxJson);
      const lines = await printed({ nxRelease: true, registry: 'ghcr.io/acme' });
      expect(lines.at(-1)).toBe(
        `  ${lines.length - 1}. nx.json already had a release configuration, kept as it is: for a first nx release without tags, set release.version.fallbackCurrentVersionResolver to "disk"`,
      );
    });
  });

  it('passes targetName and registry to the plugin entry and keys the defaults by the target name', async () => {
    await initGenerator(tree, { targetName: 'docker-release', registry: 'ghcr.io/acme' });
    const nxJson = readNxJson(tree)!;
    expect(nxJson.plugins).toContainEqual({ plugin: 'nx-docker-release/plugin', options: { targetName: 'docker-release', registry: 'ghcr.io/acme' } });
    expect(nxJson.targetDefaults?.['docker-release']).toEqual({ dependsOn: ['build'], cache: false });
    expect(nxJson.targetDefaults?.['release']).toBeUndefined();
  });

  it('writes workspace-wide release defaults (login, image name, push mode) into the plugin entry, once', async () => {
    const options = { registry: 'ghcr.io/acme', imageName: '{registry}/svc-{projectName}', usernameEnv: 'GH_CR_USER', passwordEnv: 'GH_CR_PAT', pushMode: 'registry' as const };
    await initGenerator(tree, options);
    const entry = readNxJson(tree)!.plugins!.find((p) => typeof p !== 'string' && p.plugin === 'nx-docker-release/plugin');
    expect(entry).toEqual({
      plugin: 'nx-docker-release/plugin',
      options: { targetName: 'release', registry: 'ghcr.io/acme', imageName: '{registry}/svc-{projectName}', pushMode: 'registry', login: { usernameEnv: 'GH_CR_USER', passwordEnv: 'GH_CR_PAT' } },
    });
    const before = snapshotTree(tree);
    await initGenerator(tree, options);
    expect(snapshotTree(tree)).toEqual(before);
  });

  it.each([
    [{ usernameEnv: 'U' }, /^passwordEnv: login needs both --usernameEnv and --passwordEnv/],
    [{ usernameEnv: 'U', passwordEnv: 'ghp_abc def' }, /^passwordEnv: "ghp_abc def" is not an environment variable name/],
  ])('refuses a half or malformed login default %j before writing', async (options, message) => {
    const before = snapshotTree(tree);
    await expect(initGenerator(tree, options)).rejects.toThrow(message);
    expect(snapshotTree(tree)).toEqual(before);
  });

  describe('release tag patterns', () => {
    const service = (name: string, options?: Record<string, unknown>): void => {
      addProjectConfiguration(tree, name, { root: `apps/${name}`, targets: options ? { release: { executor: 'nx-docker-release:docker-release', options } } : {} });
      tree.write(`apps/${name}/Dockerfile`, 'FROM scratch\n');
    };
    const pluginOptions = () => (readNxJson(tree)!.plugins!.find((p) => typeof p !== 'string' && p.plugin === 'nx-docker-release/plugin') as { options: Record<string, unknown> }).options;

    it('a workspace with one release target keeps {version}; with several, each project gets {projectName}@{version}', async () => {
      service('api');
      await initGenerator(tree, { registry: 'ghcr.io/acme' });
      expect(pluginOptions()['releaseTagPattern']).toBeUndefined();

      tree = createTreeWithEmptyWorkspace({ formatter: 'none' });
      service('api');
      service('web');
      await initGenerator(tree, { registry: 'ghcr.io/acme' });
      expect(pluginOptions()).toEqual({ targetName: 'release', registry: 'ghcr.io/acme', releaseTagPattern: '{projectName}@{version}' });
      const before = snapshotTree(tree);
      await initGenerator(tree, { registry: 'ghcr.io/acme' });
      expect(snapshotTree(tree)).toEqual(before);
    });

    it('refuses release targets whose patterns can name one tag, in one line naming both, and writes nothing', async () => {
      const nxJson = readNxJson(tree)!;
      nxJson.plugins = [{ plugin: 'nx-docker-release/plugin', options: { targetName: 'release' } }];
      updateNxJson(tree, nxJson);
      service('api');
      service('web');
      const before = snapshotTree(tree);
      await expect(initGenerator(tree, { registry: 'ghcr.io/acme' })).rejects.toThrow(
        'releaseTagPattern: api ("{version}") and web ("{version}") can both be released by one git tag (e.g. 1.2.3); give each project a pattern of its own, e.g. "{projectName}@{version}"',
      );
      expect(snapshotTree(tree)).toEqual(before);
    });

    it("reads an inferred target's pattern from the options project.json gives it (no executor)", async () => {
      const nxJson = readNxJson(tree)!;
      nxJson.plugins = [{ plugin: 'nx-docker-release/plugin', options: { targetName: 'release' } }];
      updateNxJson(tree, nxJson);
      service('api');
      addProjectConfiguration(tree, 'web', { root: 'apps/web', targets: { release: { options: { releaseTagPattern: '{projectName}@{version}' } } } });
      tree.write('apps/web/Dockerfile', 'FROM scratch\n');
      await initGenerator(tree, { registry: 'ghcr.io/acme' });
      expect(pluginOptions()['releaseTagPattern']).toBeUndefined();
    });

    it('accepts patterns no tag can share: v{version} next to {version}', async () => {
      service('api', { releaseTagPattern: 'v{version}' });
      service('web', { releaseTagPattern: '{version}' });
      await initGenerator(tree, { registry: 'ghcr.io/acme' });
      expect(pluginOptions()['releaseTagPattern']).toBe('{projectName}@{version}');
    });
  });

  it('--nxRelease writes an nx release configuration: one group per tag pattern, versions from git tags, nothing pushed; kept on re-runs', async () => {
    addProjectConfiguration(tree, 'backend', {
      root: 'assistant/backend',
      targets: { release: { executor: 'nx-docker-release:docker-release', options: { images: ['ghcr.io/acme/backend'], releaseTagPattern: '{version}' } } },
    });
    addProjectConfiguration(tree, 'notifier', { root: 'services/notifier', targets: {} });
    tree.write('services/notifier/Dockerfile', 'FROM scratch\n');
    addProjectConfiguration(tree, 'docs', { root: 'docs', targets: {} });
    const nxJson = readNxJson(tree)!;
    nxJson.plugins = [{ plugin: 'nx-docker-release/plugin', options: { targetName: 'release', releaseTagPattern: '{projectName}@{version}' } }];
    updateNxJson(tree, nxJson);
    await initGenerator(tree, { nxRelease: true, registry: 'ghcr.io/acme' });
    expect(readNxJson(tree)!.release).toEqual({
      groups: {
        'images-1': { projects: ['backend'], projectsRelationship: 'independent', releaseTag: { pattern: '{version}' } },
        'images-2': { projects: ['notifier'], projectsRelationship: 'independent', releaseTag: { pattern: '{projectName}@{version}' } },
      },
      version: { conventionalCommits: true, versionActions: 'nx-docker-release/version-actions', fallbackCurrentVersionResolver: 'disk' },
      changelog: { workspaceChangelog: false, projectChangelogs: true, automaticFromRef: true },
      git: { commit: true, tag: true, push: false },
    });
    // The changelog nx release commits is kept out of each build context (so the released image is promoted).
    expect(tree.read('assistant/backend/.dockerignore', 'utf8')).toBe('# nx release writes the changelog; it is no image input\nCHANGELOG.md\n');
    expect(tree.read('services/notifier/.dockerignore', 'utf8')).toContain('\nCHANGELOG.md\n');
    expect(tree.exists('docs/.dockerignore')).toBe(false);
    const before = snapshotTree(tree);
    await initGenerator(tree, { nxRelease: true, registry: 'ghcr.io/acme' });
    expect(snapshotTree(tree)).toEqual(before);
  });

  it('--nxRelease: a root build context ignores the project changelog in the Dockerfile own ignore file; one that already does is left alone', async () => {
    addProjectConfiguration(tree, 'api', {
      root: 'services/api',
      targets: { release: { executor: 'nx-docker-release:docker-release', options: { images: ['ghcr.io/acme/api'], context: '.', file: 'services/api/Dockerfile' } } },
    });
    tree.write('services/api/Dockerfile.dockerignore', '*\n!services/api/bin\n');
    addProjectConfiguration(tree, 'web', {
      root: 'apps/web',
      targets: { release: { executor: 'nx-docker-release:docker-release', options: { images: ['ghcr.io/acme/web'], context: '.', file: 'apps/web/Dockerfile' } } },
    });
    await initGenerator(tree, { nxRelease: true, registry: 'ghcr.io/acme' });
    expect(tree.read('services/api/Dockerfile.dockerignore', 'utf8')).toBe('*\n!services/api/bin\n');
    expect(tree.read('.dockerignore', 'utf8')).toBe('# nx release writes the changelog; it is no image input\napps/web/CHANGELOG.md\n');
  });

  it("--nxRelease in the plugin's own workspace points versionActions at the source", async () => {
    addProjectConfiguration(tree, 'nx-docker-release', { root: 'packages/nx-docker-release', targets: {} });
    await initGenerator(tree, { nxRelease: true, registry: 'ghcr.io/acme' });
    expect(readNxJson(tree)!.release?.version).toEqual({ conventionalCommits: true, versionActions: 'packages/nx-docker-release/version-actions.ts', fallbackCurrentVersionResolver: 'disk' });
  });

  it('adds no devDependency when the plugin is a project of this workspace', async () => {
    addProjectConfiguration(tree, 'nx-docker-release', { root: 'packages/nx-docker-release', targets: {} });
    await initGenerator(tree, {});
    expect(readJson(tree, 'package.json').devDependencies?.['nx-docker-release']).toBeUndefined();
  });

  it('recognises the local plugin by its package.json name too', async () => {
    addProjectConfiguration(tree, 'release-plugin', { root: 'tools/release-plugin', targets: {} });
    tree.write('tools/release-plugin/package.json', JSON.stringify({ name: 'nx-docker-release' }));
    await initGenerator(tree, {});
    expect(readJson(tree, 'package.json').devDependencies?.['nx-docker-release']).toBeUndefined();
  });

  it('keeps an existing dependency, plugin entry and target default as they are', async () => {
    const nxJson = readNxJson(tree)!;
    nxJson.plugins = [{ plugin: 'nx-docker-release', options: { targetName: 'ship', include: ['apps/**/Dockerfile'] } }];
    nxJson.targetDefaults = { ship: { dependsOn: ['compile'] } };
    updateNxJson(tree, nxJson);
    tree.write('package.json', JSON.stringify({ name: 'ws', dependencies: { 'nx-docker-release': '0.0.9' } }));
    await initGenerator(tree, {});
    const after = readNxJson(tree)!;
    expect(after.plugins).toEqual([{ plugin: 'nx-docker-release', options: { targetName: 'ship', include: ['apps/**/Dockerfile'] } }]);
    expect(after.targetDefaults).toEqual({ ship: { dependsOn: ['compile'] } });
    expect(readJson(tree, 'package.json')).toEqual({ name: 'ws', dependencies: { 'nx-docker-release': '0.0.9' } });
  });

  it('recognises an existing entry under either name (the /plugin entry or the package)', async () => {
    const nxJson = readNxJson(tree)!;
    nxJson.plugins = [{ plugin: 'nx-docker-release/plugin', options: { targetName: 'ship' } }];
    updateNxJson(tree, nxJson);
    await initGenerator(tree, { registry: 'ghcr.io/acme' });
    expect(readNxJson(tree)!.plugins).toEqual([{ plugin: 'nx-docker-release/plugin', options: { targetName: 'ship', registry: 'ghcr.io/acme' } }]);
  });

  it('turns a bare string entry into an object only when options are given', async () => {
    const nxJson = readNxJson(tree)!;
    nxJson.plugins = ['nx-docker-release'];
    updateNxJson(tree, nxJson);
    await initGenerator(tree, {});
    expect(readNxJson(tree)!.plugins).toEqual(['nx-docker-release']);
    await initGenerator(tree, { registry: 'ghcr.io/acme' });
    expect(readNxJson(tree)!.plugins).toEqual([{ plugin: 'nx-docker-release', options: { registry: 'ghcr.io/acme' } }]);
  });

  it('changes nothing on a second run', async () => {
    await initGenerator(tree, { registry: 'ghcr.io/acme' });
    const first = snapshotTree(tree);
    await initGenerator(tree, { registry: 'ghcr.io/acme' });
    expect(snapshotTree(tree)).toEqual(first);
    await initGenerator(tree, {});
    expect(snapshotTree(tree)).toEqual(first);
  });

  it('does not rewrite an nx.json that needs no change (its formatting is kept)', async () => {
    await initGenerator(tree, {});
    const compact = JSON.stringify(readNxJson(tree));
    tree.write('nx.json', compact);
    await initGenerator(tree, {});
    expect(tree.read('nx.json', 'utf-8')).toBe(compact);
  });
});

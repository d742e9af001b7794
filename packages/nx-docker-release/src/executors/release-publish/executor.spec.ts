import type { ExecutorContext } from '@nx/devkit';
import { createLogger } from '../../log/redacting-logger';
import dockerReleaseExecutor from '../docker-release/executor';
import releasePublishExecutor from './executor';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

jest.mock('../docker-release/executor', () => ({ __esModule: true, default: jest.fn(async () => ({ success: true })) }));
const release = dockerReleaseExecutor as unknown as jest.Mock;

const context = (pattern: string, groupPattern?: string): ExecutorContext =>
  ({
    root: '/ws',
    cwd: '/ws',
    isVerbose: false,
    projectName: 'notifier',
    targetName: 'nx-release-publish',
    nxJsonConfiguration: groupPattern ? { release: { groups: { services: { projects: ['notifier'], releaseTag: { pattern: groupPattern } } } } } : {},
    projectsConfigurations: {
      version: 2,
      projects: {
        notifier: { root: 'services/notifier', targets: { release: { executor: 'nx-docker-release:docker-release', options: { images: ['r.example/notifier'], releaseTagPattern: pattern } } } },
      },
    },
  }) as unknown as ExecutorContext;

describe('release-publish (nx release publish of an image project)', () => {
  beforeEach(() => release.mockClear());

  it('publishes the release target with the version nx release chose as its tag ref', async () => {
    const lines: string[] = [];
    const out = await releasePublishExecutor(
      { nxReleaseVersionData: { notifier: { currentVersion: '0.1.0', newVersion: '0.2.0' } }, dryRun: true },
      context('{projectName}@{version}', '{projectName}@{version}'),
      createLogger((l) => lines.push(l)),
    );
    expect(out.success).toBe(true);
    expect(release).toHaveBeenCalledTimes(1);
    expect(release.mock.calls[0][0]).toEqual({ images: ['r.example/notifier'], releaseTagPattern: '{projectName}@{version}', ref: 'refs/tags/notifier@0.2.0', dryRun: true });
    expect(release.mock.calls[0][1].targetName).toBe('release');
    expect(lines).toContain('notifier: nx release version 0.2.0, git tag notifier@0.2.0');
  });

  it('no new version: nothing published', async () => {
    const out = await releasePublishExecutor(
      { nxReleaseVersionData: { notifier: { currentVersion: '0.1.0', newVersion: null } } },
      context('{version}'),
      createLogger(() => undefined),
    );
    expect(out.success).toBe(true);
    expect(release).not.toHaveBeenCalled();
  });

  it('refuses when the git tag nx release makes is not the tag the release target expects (one source of truth)', async () => {
    const lines: string[] = [];
    const out = await releasePublishExecutor(
      { nxReleaseVersionData: { notifier: { newVersion: '0.2.0' } } },
      context('{version}', '{projectName}@{version}'),
      createLogger((l) => lines.push(l)),
    );
    expect(out.success).toBe(false);
    expect(lines).toEqual(['error: releaseTagPattern: notifier\'s release target expects tags "{version}" but nx release tags git with "notifier@{version}" (nx.json release); make them the same']);
    expect(release).not.toHaveBeenCalled();
  });

  it('names a missing release target', async () => {
    const lines: string[] = [];
    const out = await releasePublishExecutor(
      { releaseTarget: 'ship', nxReleaseVersionData: { notifier: { newVersion: '1.0.0' } } },
      context('{version}'),
      createLogger((l) => lines.push(l)),
    );
    expect(out.success).toBe(false);
    expect(lines).toEqual(['error: releaseTarget: notifier has no "ship" target running nx-docker-release:docker-release']);
  });

  it('in a git work tree, the parent of HEAD (the commit CI released, when nx release committed a changelog) and the commit of the previous version (an annotated tag peeled) may be promoted', async () => {
    const root = mkdtempSync(join(tmpdir(), 'release-publish-git-'));
    try {
      const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...args], { cwd: root, encoding: 'utf8' }).trim();
      git('init', '--quiet');
      git('commit', '--quiet', '--allow-empty', '-m', 'chore(release): publish');
      git('tag', '-a', '-m', 'release', '0.1.0');
      const previous = git('rev-parse', 'HEAD');
      git('commit', '--quiet', '--allow-empty', '-m', 'fix: released on main');
      const parent = git('rev-parse', 'HEAD');
      git('commit', '--quiet', '--allow-empty', '-m', 'chore(release): publish');
      await releasePublishExecutor(
        { nxReleaseVersionData: { notifier: { currentVersion: '0.1.0', newVersion: '0.2.0' } } },
        { ...context('{version}'), root },
        createLogger(() => undefined),
      );
      expect(release.mock.calls[0][0].promoteFrom).toEqual([parent, previous]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

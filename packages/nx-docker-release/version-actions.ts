/**
 * `release.version.versionActions` for services without a package manifest (Go services, any
 * Dockerfile project): the current version comes from the project's last git tag (Nx's `git-tag`
 * current-version resolver, the group's releaseTag pattern), and versioning writes no file. The
 * image tags for the new version are pushed by the `nx-release-publish` target.
 */
import type { Tree } from '@nx/devkit';
import { VersionActions } from 'nx/release';

export default class GitTagVersionActions extends VersionActions {
  validManifestFilenames = null;

  async readCurrentVersionFromSourceManifest(_tree: Tree): Promise<null> {
    return null;
  }

  async readCurrentVersionFromRegistry(): Promise<null> {
    return null;
  }

  async readCurrentVersionOfDependency(): Promise<{ currentVersion: null; dependencyCollection: null }> {
    return { currentVersion: null, dependencyCollection: null };
  }

  async updateProjectVersion(_tree: Tree, newVersion: string): Promise<string[]> {
    return [`${this.projectGraphNode.name} is at ${newVersion} by its git tag alone (no manifest to write)`];
  }

  async updateProjectDependencies(): Promise<string[]> {
    return [];
  }
}

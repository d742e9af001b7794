/**
 * `release.version.versionActions` for services without a package manifest (Go services, any
 * Dockerfile project): the current version comes from the project's last git tag (Nx's `git-tag`
 * current-version resolver, the group's releaseTag pattern), and versioning writes no file. The
 * image tags for the new version are pushed by the `nx-release-publish` target.
 *
 * A project without a release tag yet starts from 0.0.0: Nx asks the "disk" fallback
 * (`release.version.fallbackCurrentVersionResolver: "disk"`, which `--first-release` also turns on)
 * through readCurrentVersionFromSourceManifest, which answers 0.0.0 and names no file.
 */
import type { Tree } from '@nx/devkit';
import { VersionActions } from 'nx/release';

/** The version a project without a release tag is taken to be at. */
export const FIRST_RELEASE_BASE = '0.0.0';

export default class GitTagVersionActions extends VersionActions {
  validManifestFilenames = null;

  async readCurrentVersionFromSourceManifest(_tree: Tree): Promise<{ currentVersion: string; manifestPath: string }> {
    return { currentVersion: FIRST_RELEASE_BASE, manifestPath: `${this.projectGraphNode.data.root} (no release tag yet: the first release starts from ${FIRST_RELEASE_BASE})` };
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

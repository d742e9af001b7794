import { getProjects, type Tree } from '@nx/devkit';

/** The plugin's package name: what nx.json, executors and devDependencies refer to. */
import { PLUGIN_NAME } from '../../release/names';

export { PLUGIN_NAME, RELEASE_EXECUTOR } from '../../release/names';
/** The nx.json plugin entry (graph code only); the package name itself is still accepted there. */
export const PLUGIN_ENTRY = `${PLUGIN_NAME}/plugin`;

/**
 * The version of the running plugin, read at generator runtime so that `init` pins exactly what
 * the user invoked. The path is the same from source (src/generators/shared) and from dist.
 */
export function pluginVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../../package.json') as { version: string }).version;
}

/**
 * The workspace project that *is* the plugin (this repository), found by project name or by the
 * name in its package.json; undefined when the plugin comes from npm.
 */
export function localPluginProject(tree: Tree): string | undefined {
  for (const [name, project] of getProjects(tree)) {
    if (name === PLUGIN_NAME) return name;
    const manifest = `${project.root}/package.json`;
    if (tree.exists(manifest) && (JSON.parse(tree.read(manifest, 'utf-8') ?? '{}') as { name?: string }).name === PLUGIN_NAME) {
      return name;
    }
  }
  return undefined;
}

import { readNxJson, type Tree } from '@nx/devkit';
import type { DockerReleasePluginOptions } from '../../graph/plugin-options';
import { PLUGIN_ENTRY, PLUGIN_NAME } from './plugin-package';

/** The options of the plugin's nx.json entry (the workspace-wide release defaults), if it is registered. */
export function readPluginDefaults(tree: Tree): DockerReleasePluginOptions | undefined {
  const entry = (readNxJson(tree)?.plugins ?? []).find((p) => [PLUGIN_NAME, PLUGIN_ENTRY].includes(typeof p === 'string' ? p : p.plugin));
  if (entry === undefined) return undefined;
  return typeof entry === 'string' ? {} : ((entry.options ?? {}) as DockerReleasePluginOptions);
}

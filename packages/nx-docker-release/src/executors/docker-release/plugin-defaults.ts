import type { NxJsonConfiguration } from '@nx/devkit';
import { defaultImage } from '../../graph/images/image-name';
import { globMatch } from '../../graph/paths/glob-match';
import { assertPluginOptions } from '../../graph/plugin-options-check';
import { executorDefaults, type DockerReleasePluginOptions } from '../../graph/plugin-options';
import type { DockerReleaseOptions } from './schema';

const PLUGIN = /(^|\/)nx-docker-release(\/plugin)?(\.[cm]?[jt]s)?$/;

/**
 * A configured target (an explicit executor, no inference) gets the same defaults from the plugin's
 * nx.json entry as an inferred one: every key nx.json sets there and the target leaves out.
 * Inferred targets already carry them, so filling them again changes nothing. The entry's options
 * are held to the executor's schema first (Nx checks a target's own options, not these).
 */
export function withPluginDefaults(options: DockerReleaseOptions, nxJson: NxJsonConfiguration | undefined, projectName: string): DockerReleaseOptions {
  const plugin = pluginOptions(nxJson, options.file);
  if (!plugin) return options;
  assertPluginOptions(plugin);
  const filled: Record<string, unknown> = { ...executorDefaults(plugin) };
  if (plugin.tags) filled.tags = plugin.tags;
  if (plugin.releaseTagPattern) filled.releaseTagPattern = plugin.releaseTagPattern;
  if (plugin.platforms) filled.platforms = plugin.platforms;
  if (plugin.registry || plugin.imageName) filled.images = [defaultImage(projectName, plugin.registry, plugin.imageName)];
  for (const [key, value] of Object.entries(options)) if (value !== undefined && !(key === 'images' && Array.isArray(value) && value.length === 0)) filled[key] = value;
  return filled as unknown as DockerReleaseOptions;
}

/** The options of the plugin entry that selects this Dockerfile (its include/exclude), else of the first entry. */
function pluginOptions(nxJson: NxJsonConfiguration | undefined, file: string | undefined): DockerReleasePluginOptions | undefined {
  const entries = (nxJson?.plugins ?? [])
    .map((p) => (typeof p === 'string' ? { plugin: p, options: undefined } : p))
    .filter((p) => PLUGIN.test(p.plugin))
    .map((p) => ({ options: (p.options ?? {}) as DockerReleasePluginOptions, include: p.include, exclude: p.exclude }));
  if (file === undefined) return entries[0]?.options;
  const selects = (e: (typeof entries)[number]): boolean =>
    (e.include ?? ['**/*']).some((g) => globMatch(g, file)) &&
    !(e.exclude ?? []).some((g) => globMatch(g, file)) &&
    (e.options.include ?? ['**/Dockerfile']).some((g) => globMatch(g, file)) &&
    !(e.options.exclude ?? []).some((g) => globMatch(g, file));
  return (entries.find(selects) ?? entries[0])?.options;
}

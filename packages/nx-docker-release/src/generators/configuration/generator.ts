import { formatFiles, getProjects, logger, readProjectConfiguration, type Tree } from '@nx/devkit';
import { GeneratorOptionError } from '../shared/option-error';
import { addPluginDependency } from '../shared/plugin-dependency';
import { originOwner } from '../shared/origin-owner';
import { readPluginDefaults } from '../shared/plugin-defaults';
import { updateProjectIfChanged } from '../shared/update-project';
import { describeContext, existingBuildContext } from './build-context';
import { writeContextIgnore } from './context-ignore';
import { chooseTemplate, writeDockerfiles } from './dockerfile-template';
import { normalizeOptions, type NormalizedConfiguration, type ReleaseValues } from './normalize-options';
import type { DockerReleasePluginOptions } from '../../graph/plugin-options';
import { applyReleaseTarget, setBuildContext } from './release-target';
import type { ConfigurationGeneratorSchema } from './schema';

/** nx g nx-docker-release:configuration --project=<name> — makes one project release-ready. */
export async function configurationGenerator(tree: Tree, options: ConfigurationGeneratorSchema): Promise<void> {
  if (!getProjects(tree).has(options.project)) {
    throw new GeneratorOptionError('project', `no project named "${options.project}" in this workspace`);
  }
  const normalized = withoutInherited(normalizeOptions(options, originOwner(tree.root)), readPluginDefaults(tree));
  const { projectType } = readProjectConfiguration(tree, options.project);
  if (projectType === 'library' && options.template !== 'none') {
    normalized.warnings.push(
      `is a library (projectType "library"): a release target and a Dockerfile were written anyway; libraries are usually built into a service's image instead (--template=none writes no Dockerfile)`,
    );
  }
  for (const warning of normalized.warnings) logger.warn(`${options.project}: ${warning}`);

  // An existing Dockerfile decides the build context: it may be written for the workspace root.
  const existing = existingBuildContext(tree, readProjectConfiguration(tree, options.project));
  updateProjectIfChanged(tree, options.project, (project) => {
    applyReleaseTarget(project, normalized);
    if (existing) setBuildContext(project, existing);
  });
  addPluginDependency(tree, options.project);

  const project = readProjectConfiguration(tree, options.project);
  const template = chooseTemplate(tree, project.root, options.template);
  if (!existing) writeDockerfiles(tree, project, template);
  else {
    const line = describeContext(existing, writeContextIgnore(tree, project, template, existing));
    if (existing.missing.length) logger.warn(line);
    else logger.info(line);
  }
  if (!options.skipFormat) await formatFiles(tree);
}

/**
 * What the plugin's nx.json entry already sets for every release target is not copied into the
 * project (the target inherits it), unless given on the command line.
 */
function withoutInherited(normalized: NormalizedConfiguration, plugin: DockerReleasePluginOptions | undefined): NormalizedConfiguration {
  if (!plugin) return normalized;
  const inherited: (keyof ReleaseValues)[] = [];
  if (plugin.login !== undefined) inherited.push('login');
  if (plugin.tags !== undefined) inherited.push('tags');
  if (plugin.releaseTagPattern !== undefined) inherited.push('releaseTagPattern');
  if (plugin.registry !== undefined || plugin.imageName !== undefined) inherited.push('images');
  const values: Partial<ReleaseValues> = { ...normalized.values };
  for (const key of inherited) if (!normalized.explicit.has(key)) delete values[key];
  return { ...normalized, values: values as ReleaseValues };
}

export default configurationGenerator;

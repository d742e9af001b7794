import { formatFiles, getProjects, logger, readProjectConfiguration, type Tree } from '@nx/devkit';
import { GeneratorOptionError } from '../shared/option-error';
import { addPluginDependency } from '../shared/plugin-dependency';
import { updateProjectIfChanged } from '../shared/update-project';
import { chooseTemplate, writeDockerfiles } from './dockerfile-template';
import { normalizeOptions } from './normalize-options';
import { applyReleaseTarget } from './release-target';
import type { ConfigurationGeneratorSchema } from './schema';

/** nx g nx-docker-release:configuration --project=<name> — makes one project release-ready. */
export async function configurationGenerator(tree: Tree, options: ConfigurationGeneratorSchema): Promise<void> {
  if (!getProjects(tree).has(options.project)) {
    throw new GeneratorOptionError('project', `no project named "${options.project}" in this workspace`);
  }
  const normalized = normalizeOptions(options);
  for (const warning of normalized.warnings) logger.warn(`${options.project}: ${warning}`);

  updateProjectIfChanged(tree, options.project, (project) => applyReleaseTarget(project, normalized));
  addPluginDependency(tree, options.project);

  const project = readProjectConfiguration(tree, options.project);
  writeDockerfiles(tree, project, chooseTemplate(tree, project.root, options.template));
  if (!options.skipFormat) await formatFiles(tree);
}

export default configurationGenerator;

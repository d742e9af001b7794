import { formatFiles, getProjects, joinPathFragments, logger, readProjectConfiguration, type GeneratorCallback, type Tree } from '@nx/devkit';
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
import { PROJECT_RELEASE_TAG_PATTERN, refuseSharedReleaseTags, tagOfBoth, workspaceReleasePatterns } from '../shared/release-patterns';
import type { ProjectTagPattern } from '../../metadata/release-tag-overlap';
import { DEFAULT_RELEASE_TAG_PATTERN } from '../../release/defaults';
import { configurationNextSteps } from './next-steps';
import { printNextSteps } from '../shared/next-steps';
import type { ConfigurationGeneratorSchema } from './schema';

/** nx g nx-docker-release:configuration --project=<name> — makes one project release-ready. Ends with the next steps. */
export async function configurationGenerator(tree: Tree, options: ConfigurationGeneratorSchema): Promise<GeneratorCallback> {
  if (!getProjects(tree).has(options.project)) {
    throw new GeneratorOptionError('project', `no project named "${options.project}" in this workspace`);
  }
  const plugin = readPluginDefaults(tree);
  // One release target more: with others in the workspace, each gets its own tags by default.
  const others = workspaceReleasePatterns(tree, plugin).filter((p) => p.project !== options.project);
  const defaultPattern = others.length > 0 ? PROJECT_RELEASE_TAG_PATTERN : DEFAULT_RELEASE_TAG_PATTERN;
  const normalized = withoutInherited(normalizeOptions(options, originOwner(tree.root), defaultPattern), plugin, others, options.project);
  const { projectType } = readProjectConfiguration(tree, options.project);
  if (projectType === 'library' && options.template !== 'none') {
    normalized.warnings.push(
      `is a library (projectType "library"): a release target and a Dockerfile were written anyway; libraries are usually built into a service's image instead (--template=none writes no Dockerfile)`,
    );
  }
  // Refused before anything is written: the pattern the target will have against every other one.
  const preview = structuredClone(readProjectConfiguration(tree, options.project));
  applyReleaseTarget(preview, normalized);
  const pattern = (preview.targets?.['release']?.options as { releaseTagPattern?: string } | undefined)?.releaseTagPattern ?? plugin?.releaseTagPattern ?? DEFAULT_RELEASE_TAG_PATTERN;
  refuseSharedReleaseTags([...others, { project: options.project, pattern }], options.project);
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
  const configured = readProjectConfiguration(tree, options.project);
  const file = (configured.targets?.['release']?.options as { file?: string } | undefined)?.file ?? joinPathFragments(configured.root, 'Dockerfile');
  const steps = configurationNextSteps(tree, { project: configured, dockerfile: file, written: !existing && template !== 'none', plugin });
  return () => printNextSteps('configuration', steps);
}

/**
 * What the plugin's nx.json entry already sets for every release target is not copied into the
 * project (the target inherits it), unless given on the command line. A release tag pattern that
 * would let one tag release this project and another is not inherited: the default is written.
 */
function withoutInherited(normalized: NormalizedConfiguration, plugin: DockerReleasePluginOptions | undefined, others: ProjectTagPattern[], project: string): NormalizedConfiguration {
  if (!plugin) return normalized;
  const inherited: (keyof ReleaseValues)[] = [];
  if (plugin.login !== undefined) inherited.push('login');
  if (plugin.tags !== undefined) inherited.push('tags');
  if (plugin.releaseTagPattern !== undefined && !others.some((o) => tagOfBoth(o, { project, pattern: plugin.releaseTagPattern ?? '' }) !== undefined)) inherited.push('releaseTagPattern');
  if (plugin.registry !== undefined || plugin.imageName !== undefined) inherited.push('images');
  const values: Partial<ReleaseValues> = { ...normalized.values };
  for (const key of inherited) if (!normalized.explicit.has(key)) delete values[key];
  // An image name the plugin entry gives is not this target's: what normalizing said of the default one does not apply.
  const ownImage = !inherited.includes('images') || normalized.explicit.has('images');
  return { ...normalized, values: values as ReleaseValues, warnings: ownImage ? normalized.warnings : normalized.warnings.filter((w) => !w.startsWith('image ')) };
}

export default configurationGenerator;

import { formatFiles, getProjects, logger, readProjectConfiguration, type GeneratorCallback, type TargetConfiguration, type Tree } from '@nx/devkit';
import { GeneratorOptionError } from '../shared/option-error';
import { addPluginDependency } from '../shared/plugin-dependency';
import { readPluginDefaults } from '../shared/plugin-defaults';
import { RELEASE_EXECUTOR } from '../shared/plugin-package';
import { updateProjectIfChanged } from '../shared/update-project';
import { owningProject } from './owning-project';
import { readWorkflow } from './read-workflow';
import { orderedOptions } from './release-options';
import { removePathFilter } from './remove-path-filter';
import type { DockerReleaseOptions } from '../../executors/docker-release/schema';
import type { FromWorkflowGeneratorSchema } from './schema';
import { translateWorkflow } from './translate-workflow';

/** nx g nx-docker-release:from-workflow --workflow=<path> — a docker/*-action workflow as a release target. */
export async function fromWorkflowGenerator(tree: Tree, options: FromWorkflowGeneratorSchema): Promise<GeneratorCallback> {
  const path = options.workflow.replace(/^\.\//, '');
  const text = tree.read(path, 'utf-8');
  if (text === null) throw new GeneratorOptionError('workflow', `${path} does not exist`);
  const translation = translateWorkflow(readWorkflow(path, text));
  if (!translation.options.images?.length) {
    throw new GeneratorOptionError('workflow', `${path}: no image names found (docker/metadata-action images or build-push-action tags)`);
  }
  if (translation.options.context === undefined) {
    translation.options.context = '.';
    translation.warnings.push('build-push-action had no context, so it built the repository root (git context); the target builds "." from the checkout');
  }
  // The workflow's login is the workspace's default login already: the target inherits it.
  const defaultLogin = readPluginDefaults(tree)?.login;
  if (defaultLogin !== undefined && sameLogins(defaultLogin, translation.options.login)) delete translation.options.login;
  const project = options.project ?? owningProject(tree, translation.options.context);
  if (!getProjects(tree).has(project)) throw new GeneratorOptionError('project', `no project named "${project}" in this workspace`);

  const target: TargetConfiguration = {
    executor: RELEASE_EXECUTOR,
    ...(readProjectConfiguration(tree, project).targets?.['build'] ? { dependsOn: ['build'] } : {}),
    options: orderedOptions(translation.options),
  };
  updateProjectIfChanged(tree, project, (config) => {
    const existing = config.targets?.['release'];
    if (existing && JSON.stringify(existing) !== JSON.stringify(target) && !options.overwrite) {
      throw new GeneratorOptionError('project', `${project} already has a different "release" target; remove it first or pass --overwrite`);
    }
    config.targets = { ...config.targets, release: target };
  });
  addPluginDependency(tree, project);

  if (options.deleteWorkflow) tree.delete(path);
  else if (options.removePathFilter) {
    const edited = removePathFilter(text);
    if (edited !== undefined) tree.write(path, edited);
  }
  const report = [
    ...translation.warnings.map((w) => `${project}: ${w}`),
    ...translation.untranslated.map((u) => `${project}: not translated: ${u}`),
  ];
  for (const line of report) logger.warn(line);
  if (!options.skipFormat) await formatFiles(tree);
  return () => {
    logger.info(`${path} -> ${project}:release (${report.length ? `${report.length} note(s) above` : 'translated completely'})`);
    for (const line of report) logger.info(`  ${line}`);
  };
}

type Login = NonNullable<DockerReleaseOptions['login']>;

function sameLogins(a: Login, b: Login | undefined): boolean {
  const list = (l: Login): string[] => (Array.isArray(l) ? l : [l]).map((e) => `${e.registry ?? ''} ${e.usernameEnv} ${e.passwordEnv}`).sort();
  return b !== undefined && list(a).join('\n') === list(b).join('\n');
}

export default fromWorkflowGenerator;

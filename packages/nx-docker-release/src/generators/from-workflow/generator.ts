import { formatFiles, getProjects, logger, readProjectConfiguration, type GeneratorCallback, type TargetConfiguration, type Tree } from '@nx/devkit';
import { GeneratorOptionError } from '../shared/option-error';
import { addPluginDependency } from '../shared/plugin-dependency';
import { readPluginDefaults } from '../shared/plugin-defaults';
import { RELEASE_EXECUTOR } from '../shared/plugin-package';
import { updateProjectIfChanged } from '../shared/update-project';
import { hasExpression } from '../../release/expressions/template';
import { imageEntryName } from '../../release/image-ref';
import { owningProject } from './owning-project';
import { readWorkflow } from './read-workflow';
import { orderedOptions } from './release-options';
import { fromWorkflowNextSteps, type PlacedTarget } from './next-steps';
import { checkWorkflowOptions, settleOldWorkflow } from './old-workflow';
import { printNextSteps } from '../shared/next-steps';
import type { DockerReleaseOptions } from '../../release/options';
import type { FromWorkflowGeneratorSchema } from './schema';
import { emulationWarnings } from '../../release/emulation-warnings';
import { RUNNER_PLATFORM } from '../ci-workflow/docker-setup';
import { translateWorkflow, type TargetTranslation } from './translate-workflow';

/**
 * nx g nx-docker-release:from-workflow --workflow=<path> — every docker/build-push-action build of
 * the workflow (each job, each matrix entry) as a release target of the project that owns it.
 */
export async function fromWorkflowGenerator(tree: Tree, options: FromWorkflowGeneratorSchema): Promise<GeneratorCallback> {
  const path = options.workflow.replace(/^\.\//, '');
  checkWorkflowOptions(options);
  const text = tree.read(path, 'utf-8');
  if (text === null) throw new GeneratorOptionError('workflow', `${path} does not exist`);
  const { targets, notes } = translateWorkflow(readWorkflow(path, text));
  const usable = targets.filter((target) => target.translation.options.images?.length);
  if (usable.length === 0) {
    throw new GeneratorOptionError('workflow', `${path}: no image names found (docker/metadata-action images or build-push-action tags)`);
  }
  if (options.project !== undefined && usable.length > 1) {
    throw new GeneratorOptionError(
      'project',
      `${path} builds ${usable.length} images (${usable.map((u) => u.source).join('; ')}); --project places one build, leave it out to place each on its own project`,
    );
  }
  const report: string[] = [...notes];
  for (const skipped of targets.filter((target) => !usable.includes(target))) report.push(`${skipped.source}: no image names found; not translated`);
  const written = new Map<string, string[]>();
  const placed: string[] = [];
  const targetsWritten: PlacedTarget[] = [];
  for (const target of usable) {
    const project = options.project ?? owningProject(tree, target.translation.options.context ?? '.', target.translation.options.file);
    if (!getProjects(tree).has(project)) throw new GeneratorOptionError('project', `no project named "${project}" in this workspace`);
    const taken = written.get(project) ?? [];
    const name = targetName(target, taken);
    written.set(project, [...taken, name]);
    targetsWritten.push({ project, name, options: { ...target.translation.options } });
    writeTarget(tree, project, name, target, options.overwrite === true);
    placed.push(`${target.source} -> ${project}:${name}`);
    const t = target.translation;
    report.push(...t.warnings.map((w) => `${project}:${name}: ${w}`), ...t.untranslated.map((u) => `${project}:${name}: not translated: ${u}`));
    if (t.qemuStep !== undefined) report.push(`${project}:${name}: ${qemuVerdict(tree, t.options)}`);
  }

  const builds = { converted: usable.map((t) => t.unit), notConverted: targets.filter((t) => !usable.includes(t)).map((t) => t.unit) };
  const old = settleOldWorkflow(tree, path, text, builds, options);
  for (const line of report) logger.warn(line);
  if (!options.skipFormat) await formatFiles(tree);
  return () => {
    logger.info(`${path}: ${placed.join(', ')} (${report.length ? `${report.length} note(s) above` : 'translated completely'})`);
    for (const line of report) logger.info(`  ${line}`);
    logger.info(old.line);
    printNextSteps('from-workflow', fromWorkflowNextSteps(tree, targetsWritten, old));
  };
}

/**
 * `release` for a project's first build; a further one is named after its image
 * (`release-worker` for ghcr.io/acme/worker), numbered when that name says nothing or is taken.
 */
function targetName({ translation }: TargetTranslation, taken: string[]): string {
  if (taken.length === 0) return 'release';
  const image = translation.options.images?.map(imageEntryName).find((n) => n !== undefined);
  const last = image?.split('/').pop() ?? '';
  const slug = hasExpression(last) ? '' : last.replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  const named = `release-${slug}`;
  return slug && !taken.includes(named) ? named : `release-${taken.length + 1}`;
}

function writeTarget(tree: Tree, project: string, name: string, { translation }: TargetTranslation, overwrite: boolean): void {
  const options = translation.options;
  if (options.context === undefined) options.context = '.';
  // The workflow's login is the workspace's default login already: the target inherits it.
  const defaultLogin = readPluginDefaults(tree)?.login;
  if (defaultLogin !== undefined && sameLogins(defaultLogin, options.login)) delete options.login;
  const target: TargetConfiguration = {
    executor: RELEASE_EXECUTOR,
    ...(readProjectConfiguration(tree, project).targets?.['build'] ? { dependsOn: ['build'] } : {}),
    options: orderedOptions(options),
  };
  updateProjectIfChanged(tree, project, (config) => {
    const existing = config.targets?.[name];
    if (existing && JSON.stringify(existing) !== JSON.stringify(target) && !overwrite) {
      throw new GeneratorOptionError('project', `${project} already has a different "${name}" target (${difference(existing, target)}); remove it first or pass --overwrite`);
    }
    config.targets = { ...config.targets, [name]: target };
  });
  addPluginDependency(tree, project);
}

/** Whether the target's Dockerfile still RUNs under emulation on an amd64 runner: the QEMU step's reason, checked. */
function qemuVerdict(tree: Tree, options: Partial<DockerReleaseOptions>): string {
  const file = options.file ?? `${options.context ?? '.'}/Dockerfile`.replace(/^\.\//, '');
  const text = tree.read(file, 'utf-8');
  if (text === null) return `${file} is not in the workspace: whether its RUN steps need QEMU is not known`;
  const platforms = options.platforms ?? [];
  const input = { platforms, host: RUNNER_PLATFORM, buildArgs: options.buildArgs ?? {}, ...(options.target ? { target: options.target } : {}) };
  const emulated = emulationWarnings(file, text, input);
  if (emulated.length === 0) return `no built stage of ${file} RUNs under emulation for ${platforms.join(', ') || "the runner's platform"}: the release needs no QEMU`;
  return `${emulated.join('; ')}: the job that runs the release keeps QEMU (nx g nx-docker-release:ci-workflow writes it)`;
}

/** The keys that differ, `options.` ones by name: what the user must look at. */
function difference(existing: TargetConfiguration, wanted: TargetConfiguration): string {
  const keys = (a: object, b: object) => [...new Set([...Object.keys(a), ...Object.keys(b)])];
  const differs = (a: unknown, b: unknown) => JSON.stringify(a) !== JSON.stringify(b);
  const top = keys(existing, wanted).filter((k) => k !== 'options' && differs(existing[k as keyof TargetConfiguration], wanted[k as keyof TargetConfiguration]));
  const a = (existing.options ?? {}) as Record<string, unknown>;
  const b = (wanted.options ?? {}) as Record<string, unknown>;
  const opts = keys(a, b)
    .filter((k) => differs(a[k], b[k]))
    .map((k) => `options.${k}`);
  return `differs in ${[...top, ...opts].join(', ')}`;
}

type Login = NonNullable<DockerReleaseOptions['login']>;

function sameLogins(a: Login, b: Login | undefined): boolean {
  const list = (l: Login): string[] => (Array.isArray(l) ? l : [l]).map((e) => `${e.registry ?? ''} ${e.usernameEnv} ${e.passwordEnv}`).sort();
  return b !== undefined && list(a).join('\n') === list(b).join('\n');
}

export default fromWorkflowGenerator;

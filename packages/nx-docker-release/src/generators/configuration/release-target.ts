import { joinPathFragments, type ProjectConfiguration, type TargetConfiguration } from '@nx/devkit';
import { RELEASE_EXECUTOR } from '../shared/plugin-package';
import { GeneratorOptionError } from '../shared/option-error';
import type { BuildContextChoice } from './build-context';
import { cleanPath } from './context-source';
import type { NormalizedConfiguration, ReleaseValues } from './normalize-options';

const ORDER: (keyof ReleaseValues)[] = ['images', 'tags', 'releaseTagPattern', 'platforms', 'buildArgs', 'secrets', 'login'];

/**
 * Adds the release target, or updates the options this generator owns on an existing one:
 * a value is replaced only when given on the command line or missing, so re-running with
 * fewer options never resets what an earlier run (or a person) configured.
 */
export function applyReleaseTarget(project: ProjectConfiguration, { values, explicit }: NormalizedConfiguration, targetName = 'release'): void {
  const existing = project.targets?.[targetName];
  if (existing && existing.executor !== RELEASE_EXECUTOR) {
    throw new GeneratorOptionError('project', `${project.name ?? project.root} already has a "${targetName}" target running ${existing.executor ?? 'a command'}; rename or remove it first`);
  }
  const options: Record<string, unknown> = { ...(existing?.options ?? {}) };
  for (const key of ORDER) {
    const value = values[key];
    if (value !== undefined && (!existing || explicit.has(key) || options[key] === undefined)) options[key] = value;
  }
  const target: TargetConfiguration = existing ? { ...existing, options } : { executor: RELEASE_EXECUTOR, ...(project.targets?.['build'] ? { dependsOn: ['build'] } : {}), options };
  project.targets = { ...project.targets, [targetName]: target };
}

/**
 * The context that holds an existing Dockerfile's sources, and the Dockerfile, where they differ from
 * the executor's defaults (the project root, `<context>/Dockerfile`); what the target sets is kept.
 */
export function setBuildContext(project: ProjectConfiguration, { context, dockerfile }: BuildContextChoice, targetName = 'release'): void {
  const target = project.targets?.[targetName];
  if (!target) return;
  const options: Record<string, unknown> = { ...target.options };
  if (options['context'] === undefined && context !== cleanPath(project.root)) options['context'] = context;
  const effective = typeof options['context'] === 'string' ? cleanPath(options['context']) : cleanPath(project.root);
  if (options['file'] === undefined && dockerfile !== joinPathFragments(effective, 'Dockerfile')) options['file'] = dockerfile;
  target.options = options;
}

import type { ProjectConfiguration } from '@nx/devkit';
import { posix } from 'node:path';
import { RELEASE_EXECUTOR } from '../../release/names';

/** A project's docker-release target, reduced to what decides its graph edges. */
export interface ReleaseTarget {
  project: string;
  root: string;
  context: string;
  dockerfile: string;
  images: unknown;
  registry: unknown;
  buildArgs: Record<string, string>;
  /** Named build contexts (`buildContexts` option): name -> directory or source. */
  buildContexts: Record<string, string>;
}

/**
 * Every target that runs the docker-release executor, explicit or inferred. Paths follow the
 * executor: `context` defaults to the project root, `file` to `<context>/Dockerfile`.
 */
export function releaseTargets(projects: Readonly<Record<string, ProjectConfiguration>>): ReleaseTarget[] {
  const found: ReleaseTarget[] = [];
  for (const [project, config] of Object.entries(projects)) {
    for (const target of Object.values(config.targets ?? {})) {
      if (target.executor !== RELEASE_EXECUTOR) continue;
      const options: Record<string, unknown> = target.options ?? {};
      const context = typeof options['context'] === 'string' ? options['context'] : config.root;
      const dockerfile = typeof options['file'] === 'string' ? options['file'] : posix.join(context, 'Dockerfile');
      found.push({
        project,
        root: config.root,
        context,
        dockerfile,
        images: options['images'],
        registry: options['registry'],
        buildArgs: stringRecord(options['buildArgs']),
        buildContexts: stringRecord(options['buildContexts']),
      });
    }
  }
  return found;
}

function stringRecord(value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object') return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

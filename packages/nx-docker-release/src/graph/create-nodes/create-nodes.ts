import type { CreateNodes, CreateNodesContext, CreateNodesResult, TargetConfiguration } from '@nx/devkit';
import { posix } from 'node:path';
import { join } from 'node:path';
import { parseDockerfile } from '../../dockerfile/parse-dockerfile';
import { createNodesFromFiles, hashValue, workspaceDataDirectory } from '../nx-runtime';
import { globMatch } from '../paths/glob-match';
import { assertPluginOptions } from '../plugin-options-check';
import { normalizePluginOptions, type DockerReleasePluginOptions, type NormalizedPluginOptions } from '../plugin-options';
import { workspaceReader, type WorkspaceReader } from '../workspace-reader';
import { inferReleaseTarget } from './infer-release-target';
import { projectIdentity } from './project-identity';
import { TargetsCache } from './targets-cache';

/** createNodes (the Nx 23 array-of-files form): every selected Dockerfile -> a release target. */
export const createNodes: CreateNodes<DockerReleasePluginOptions> = [
  '**/Dockerfile',
  async (files, rawOptions, context) => {
    // A mistake in nx.json stops the graph with one line, rather than being ignored or half applied.
    assertPluginOptions(rawOptions);
    const options = normalizePluginOptions(rawOptions);
    const cache = new TargetsCache(join(workspaceDataDirectory(), `nx-docker-release-${hashValue(options)}.hash`));
    const read = workspaceReader(context.workspaceRoot);
    try {
      return await createNodesFromFiles((file, _options, ctx) => nodesForDockerfile(file, options, ctx, read, cache), files, rawOptions ?? {}, context);
    } finally {
      cache.write();
    }
  },
];

export function nodesForDockerfile(file: string, options: NormalizedPluginOptions, context: CreateNodesContext, read: WorkspaceReader, cache: TargetsCache): CreateNodesResult {
  if (!isSelected(file, options)) return {};
  const root = posix.dirname(file);
  const identity = projectIdentity(root, options.targetName, read);
  const dockerfile = read(file);
  if (!identity || dockerfile === undefined) return {};
  const hasProductionInput = context.nxJsonConfiguration.namedInputs?.['production'] !== undefined;
  // With nx release configured, `nx release publish` finds what it runs (the Nx target convention).
  const usesNxRelease = context.nxJsonConfiguration.release !== undefined;
  const key = hashValue({ file, dockerfile, project: identity.source, hasProductionInput, usesNxRelease });
  const targets = cache.getOrCompute(key, () => ({
    ...(usesNxRelease ? { 'nx-release-publish': publishTarget(options) } : {}),
    [options.targetName]: inferReleaseTarget(
      {
        projectName: identity.name,
        projectRoot: root,
        dockerfile: file,
        facts: parseDockerfile(dockerfile, identity.buildArgs),
        ...(identity.explicitContext !== undefined ? { explicitContext: identity.explicitContext } : {}),
        hasProductionInput,
      },
      options,
    ),
  }));
  return { projects: { [root]: { targets } } };
}

function publishTarget(options: NormalizedPluginOptions): TargetConfiguration {
  return {
    executor: 'nx-docker-release:release-publish',
    dependsOn: [options.buildTargetName],
    cache: false,
    options: { releaseTarget: options.targetName },
    metadata: { technologies: ['docker'], description: `Push the image tags of the version nx release made (through the ${options.targetName} target)` },
  };
}

function isSelected(file: string, options: NormalizedPluginOptions): boolean {
  return options.include.some((glob) => globMatch(glob, file)) && !options.exclude.some((glob) => globMatch(glob, file));
}

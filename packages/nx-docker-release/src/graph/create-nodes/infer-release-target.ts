import type { TargetConfiguration } from '@nx/devkit';
import { posix } from 'node:path';
import type { DockerfileFacts } from '../../dockerfile/parse-dockerfile';
import { defaultImage } from '../images/image-name';
import { sourcePattern } from '../paths/glob-prefix';
import { resolveWorkspacePath } from '../paths/workspace-path';
import type { NormalizedPluginOptions } from '../plugin-options';
import { RELEASE_EXECUTOR } from '../../release/names';

export interface ReleaseTargetFacts {
  projectName: string;
  projectRoot: string;
  /** Workspace-relative Dockerfile path. */
  dockerfile: string;
  facts: DockerfileFacts;
  /** The build context from the project's explicit target options, when it sets one. */
  explicitContext?: string;
  /** Whether nx.json defines the `production` named input. */
  hasProductionInput: boolean;
}

/**
 * The inferred release target. Inputs are the Dockerfile, its ignore files, the project's
 * production files (so `*_test.go` and specs are not image inputs) and every copied path that
 * lies outside the project. A `{workspaceRoot}/...` input also makes `nx affected` select the
 * project when such a file changes, even if no project owns it.
 */
export function inferReleaseTarget(input: ReleaseTargetFacts, options: NormalizedPluginOptions): TargetConfiguration {
  const context = input.explicitContext ?? input.projectRoot;
  const files = input.hasProductionInput ? 'production' : 'default';
  return {
    executor: RELEASE_EXECUTOR,
    dependsOn: [options.buildTargetName],
    cache: false,
    inputs: [
      fileInput(input.dockerfile, input.projectRoot),
      fileInput(`${input.dockerfile}.dockerignore`, input.projectRoot),
      fileInput(joinRoot(context, '.dockerignore'), input.projectRoot),
      files,
      `^${files}`,
      ...outsideSources(input, context),
    ],
    options: {
      ...options.defaults,
      images: [defaultImage(input.projectName, options.registry, options.imageName)],
      tags: options.tags,
      releaseTagPattern: options.releaseTagPattern,
      context: input.projectRoot,
      file: input.dockerfile,
      ...(options.platforms ? { platforms: options.platforms } : {}),
    },
    metadata: {
      technologies: ['docker'],
      description: `Build and push the image of ${input.dockerfile}`,
    },
  };
}

/** Copied paths outside the project root, as `{workspaceRoot}` inputs (a plain path may be a directory). */
function outsideSources(input: ReleaseTargetFacts, context: string): string[] {
  const inputs = new Set<string>();
  for (const copy of input.facts.copies) {
    for (const source of copy.sources) {
      const path = resolveWorkspacePath(context, source);
      if (path === undefined || isInside(path, input.projectRoot)) continue;
      const { prefix, glob } = sourcePattern(path);
      if (!glob || !isInside(prefix, input.projectRoot)) {
        inputs.add(`{workspaceRoot}/${path === '' ? '**' : path}`);
        if (!glob && path !== '') inputs.add(`{workspaceRoot}/${path}/**`);
      }
    }
  }
  return [...inputs];
}

function fileInput(path: string, root: string): string {
  if (root !== '' && root !== '.' && path.startsWith(`${root}/`)) return `{projectRoot}/${path.slice(root.length + 1)}`;
  return `{workspaceRoot}/${path}`;
}

function isInside(path: string, root: string): boolean {
  return root === '.' || root === '' ? true : path === root || path.startsWith(`${root}/`);
}

function joinRoot(dir: string, file: string): string {
  return dir === '' || dir === '.' ? file : posix.join(dir, file);
}

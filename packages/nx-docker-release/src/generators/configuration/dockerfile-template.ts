import { generateFiles, joinPathFragments, logger, OverwriteStrategy, type ProjectConfiguration, type Tree } from '@nx/devkit';
import { join } from 'node:path';
import { imageNameFor } from '../../graph/images/image-name';
import { depsStage, nodeDependencies } from './node-dependencies';
import type { ConfigurationGeneratorSchema } from './schema';

export type Template = NonNullable<ConfigurationGeneratorSchema['template']>;

/** go.mod means Go, package.json means Node; the option wins. */
export function chooseTemplate(tree: Tree, root: string, option: Template | undefined): Template {
  if (option) return option;
  if (tree.exists(joinPathFragments(root, 'go.mod'))) return 'go';
  if (tree.exists(joinPathFragments(root, 'package.json'))) return 'node';
  return 'none';
}

/**
 * Writes Dockerfile and .dockerignore from files/<template>, each only when missing. The
 * templates are named Dockerfile__tmpl__ and __dot__dockerignore so that neither the graph
 * plugin (which infers a target for every Dockerfile) nor packaging treats them as real files.
 */
export function writeDockerfiles(tree: Tree, project: ProjectConfiguration, template: Template): void {
  if (template === 'none') {
    if (!tree.exists(joinPathFragments(project.root, 'Dockerfile'))) {
      logger.warn(`${project.name}: no Dockerfile and no template chosen (--template=go|node); the release target needs ${project.root}/Dockerfile`);
    }
    return;
  }
  renderTemplate(tree, project, template);
  if (template === 'go') {
    const outside = localReplacements(tree.read(joinPathFragments(project.root, 'go.mod'), 'utf-8') ?? '');
    if (outside.length) {
      logger.warn(
        `${project.name}: go.mod replaces modules with ${outside.join(', ')}, outside the project: the Dockerfile builds from the project directory, so make the release target's context the directory that holds them (and COPY them)`,
      );
    }
  }
}

/** Writes the template's files that are missing from the project; returns the binary name it used. */
export function renderTemplate(tree: Tree, project: ProjectConfiguration, template: Exclude<Template, 'none'>): string {
  const binary = imageNameFor(project.name ?? project.root);
  const values = template === 'go' ? { goVersion: goVersion(tree.read(joinPathFragments(project.root, 'go.mod'), 'utf-8') ?? '') } : depsStage(nodeDependencies(tree, project.root));
  generateFiles(tree, join(__dirname, 'files', template), project.root, { binary, tmpl: '', dot: '.', ...values }, { overwriteStrategy: OverwriteStrategy.KeepExisting });
  return binary;
}

/** The Go image tag for go.mod's `go` line (`go 1.22.3` -> 1.22), else the latest Go 1. */
export function goVersion(goMod: string): string {
  return /^go\s+(\d+\.\d+)/m.exec(goMod)?.[1] ?? '1';
}

/** `replace x => ../shared`: module directories outside the project (the build context). */
function localReplacements(goMod: string): string[] {
  return [...goMod.matchAll(/=>\s*(\.\.\/\S*)/g)].map((m) => m[1] ?? '');
}

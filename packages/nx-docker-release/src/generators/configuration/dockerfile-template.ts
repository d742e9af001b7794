import { generateFiles, joinPathFragments, logger, OverwriteStrategy, type ProjectConfiguration, type Tree } from '@nx/devkit';
import { join } from 'node:path';
import { imageNameFor } from '../../graph/images/image-name';
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
  const binary = renderTemplate(tree, project, template);
  if (template === 'go' && !project.targets?.['build']) {
    logger.warn(`${project.name}: the Go Dockerfile copies bin/${binary}; add a build target running CGO_ENABLED=0 go build -o bin/${binary} .`);
  }
}

/** Writes the template's files that are missing from the project; returns the binary name it used. */
export function renderTemplate(tree: Tree, project: ProjectConfiguration, template: Exclude<Template, 'none'>): string {
  const binary = imageNameFor(project.name ?? project.root);
  generateFiles(tree, join(__dirname, 'files', template), project.root, { binary, tmpl: '', dot: '.' }, { overwriteStrategy: OverwriteStrategy.KeepExisting });
  return binary;
}

import dockerignore from '@balena/dockerignore';
import { joinPathFragments, type ProjectConfiguration, type Tree } from '@nx/devkit';
import type { BuildContextChoice } from './build-context';
import { cleanPath } from './context-source';
import { renderTemplate, type Template } from './dockerfile-template';

/**
 * The .dockerignore for an existing Dockerfile, never one that excludes a COPY/ADD source.
 * In the project directory: the template's, when it keeps every source. Elsewhere (the
 * workspace root): `<Dockerfile>.dockerignore`, which BuildKit reads before `<context>/.dockerignore`,
 * allowing only the sources, so the context sends only what the build copies.
 * https://docs.docker.com/build/concepts/context/#filename-and-location
 * Returns what was done, for the log line.
 */
export function writeContextIgnore(tree: Tree, project: ProjectConfiguration, template: Template, choice: BuildContextChoice): string {
  const { context, dockerfile, sources } = choice;
  if (context === cleanPath(project.root) && dockerfile === joinPathFragments(project.root, 'Dockerfile')) {
    const file = joinPathFragments(context, '.dockerignore');
    if (tree.exists(file)) return `kept ${file}`;
    if (template === 'none') return 'wrote no .dockerignore (--template=none)';
    renderTemplate(tree, project, template); // the Dockerfile exists: only the .dockerignore is new
    const excluded = excludedSources(tree.read(file, 'utf-8') ?? '', sources);
    if (excluded.length === 0) return `wrote ${file}`;
    tree.delete(file);
    return `wrote no .dockerignore (the ${template} template's would exclude ${excluded.join(', ')})`;
  }
  const file = `${dockerfile}.dockerignore`;
  if (tree.exists(file)) return `kept ${file}`;
  // That file replaces <context>/.dockerignore for this Dockerfile: its exclusions are carried over.
  const shared = joinPathFragments(context, '.dockerignore');
  const carried = tree.exists(shared) ? patterns(tree.read(shared, 'utf-8') ?? '') : [];
  const lines = ['# Only what the Dockerfile copies goes into the build context.', '*', ...sources.map((source) => `!${source}`)];
  if (carried.length) lines.push(`# from ${shared}`, ...carried);
  const excluded = excludedSources(lines.join('\n'), sources);
  if (excluded.length) return `wrote no ${file} (${carried.length ? `${shared} excludes` : 'it would exclude'} ${excluded.join(', ')})`;
  tree.write(file, `${lines.join('\n')}\n`);
  return `wrote ${file}`;
}

/** The sources the ignore file keeps out of the context (`.` when it is an allow-list). */
export function excludedSources(ignoreFile: string, sources: readonly string[]): string[] {
  const ig = dockerignore({ ignorecase: false }).add(patterns(ignoreFile));
  return sources.filter((source) => source === '..' || source.startsWith('../') || ig.ignores(source));
}

function patterns(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
}

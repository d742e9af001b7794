import type { TempWorkspace } from './workspace';

/**
 * The seed's selection rule, extended the way the seed would have been for a second service: a
 * service is released when a changed file matches its path filter.
 */
export const PATH_FILTERS: Readonly<Record<string, string>> = {
  backend: 'assistant/backend/',
  notifier: 'services/notifier/',
  'base-image': 'images/base/',
};

/** Files changed by the last commit (both sides of a rename). */
export function changedFiles(ws: TempWorkspace): string[] {
  return ws
    .git('diff', '--name-only', '--no-renames', 'HEAD~1', 'HEAD')
    .split('\n')
    .filter((f) => f !== '');
}

export function pathFilterSelection(files: readonly string[]): string[] {
  return Object.entries(PATH_FILTERS)
    .filter(([, prefix]) => files.some((file) => file.startsWith(prefix)))
    .map(([project]) => project)
    .sort();
}

/** What `nx show projects --affected -t release` selects for the last commit. */
export function graphSelection(ws: TempWorkspace): string[] {
  const res = ws.nx(['show', 'projects', '--affected', '-t', 'release', '--base=HEAD~1', '--head=HEAD', '--json']);
  if (res.status !== 0) throw new Error(`nx show projects --affected failed:\n${res.output}`);
  const json = res.output.slice(res.output.indexOf('['), res.output.lastIndexOf(']') + 1);
  return (JSON.parse(json) as string[]).sort();
}

/**
 * The tag rule, as the release workflow runs it on a tag push: every release target in dry-run
 * mode with GitHub Actions' environment for `refs/tags/<tag>`; reports which projects would
 * release (the executor prints `<project>: skipped: <reason>` for the others).
 */
export function tagSelection(ws: TempWorkspace, tag: string, projects: readonly string[]): string[] {
  const env = {
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REF: `refs/tags/${tag}`,
    GITHUB_SHA: ws.git('rev-parse', 'HEAD'),
    GITHUB_REPOSITORY: 'kyma-project/kyma-companion',
  };
  const res = ws.nx(['run-many', '-t', 'release', '--dryRun', '--excludeTaskDependencies', '--output-style=static', '--parallel=1'], env);
  if (res.status !== 0) throw new Error(`nx run-many -t release --dryRun failed:\n${res.output}`);
  for (const project of projects) {
    if (!res.output.includes(`nx run ${project}:release`)) throw new Error(`${project}:release did not run:\n${res.output}`);
  }
  return projects.filter((project) => !res.output.includes(`${project}: skipped:`)).sort();
}

import type { ReleaseResult } from './result';

/**
 * The variable prefix of a project in the dotenv report: `my-api` -> `MY_API`. One job often
 * releases several projects, and GitLab keeps the last value of a name repeated across a job's
 * dotenv files, so every key names its project.
 */
export function dotenvPrefix(project: string): string {
  const name = project.toUpperCase().replace(/[^A-Z0-9_]+/g, '_');
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** `dist/docker-release/api.json` -> `dist/docker-release/api.env`: the report sits next to the result file. */
export const dotenvFile = (resultFile: string): string => (resultFile.endsWith('.json') ? `${resultFile.slice(0, -'.json'.length)}.env` : `${resultFile}.env`);

/**
 * A GitLab dotenv report (`artifacts: reports: dotenv:`): one `KEY=value` per line, no comments, no
 * quotes, no blank lines, every value on one line, as GitLab's parser accepts
 * (https://docs.gitlab.com/ci/variables/dotenv_variables/). Tags are comma-separated.
 */
export function gitlabDotenv(result: ReleaseResult): string {
  const prefix = dotenvPrefix(result.project);
  const values: [string, string][] = [
    ['STATUS', result.status],
    ['VERSION', result.version],
    ['DIGEST', result.digest],
    ['TAGS', result.tags.join(',')],
  ];
  return values.map(([key, value]) => `${prefix}_${key}=${value.replace(/[\r\n]+/g, ' ').trim()}\n`).join('');
}

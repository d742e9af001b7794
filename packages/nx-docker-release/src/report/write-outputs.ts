import { appendFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { RUN_DIR_ENV } from './run-report';
import { githubOutputs, stepSummary, type ReleaseResult } from '../release/result';
import { dotenvFile, gitlabDotenv } from '../release/gitlab-dotenv';

/** Writes the result file (replacing it whole: a temp file renamed over it) and returns its path. */
export function writeResultFile(result: ReleaseResult, resultFile: string, workspaceRoot: string): string {
  const path = resolve(workspaceRoot, resultFile);
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(result, null, 2)}\n`, { flag: 'w' });
  renameSync(temp, path);
  return path;
}

/**
 * Removes the result file a previous run left, at the start of a run that will publish: until this
 * run writes its own, nobody can read the old digest as this run's.
 */
export function clearResultFile(resultFile: string, workspaceRoot: string): void {
  rmSync(resolve(workspaceRoot, resultFile), { force: true });
  rmSync(resolve(workspaceRoot, dotenvFile(resultFile)), { force: true });
}

/**
 * Writes the result file; inside GitHub Actions the step outputs and the job summary; inside GitLab
 * CI the dotenv report next to the result file (the pipeline declares it under `artifacts: reports: dotenv`).
 */
export function writeOutputs(result: ReleaseResult, resultFile: string, workspaceRoot: string, env: Record<string, string | undefined>): string {
  const path = writeResultFile(result, resultFile, workspaceRoot);
  if (env.GITHUB_OUTPUT) {
    const lines = Object.entries(githubOutputs(result)).map(([name, value]) => {
      const delimiter = `ghadelimiter_${randomBytes(8).toString('hex')}`;
      return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
    });
    appendFileSync(env.GITHUB_OUTPUT, lines.join(''));
  }
  if (env.GITLAB_CI === 'true') writeFileSync(resolve(workspaceRoot, dotenvFile(resultFile)), gitlabDotenv(result));
  // Inside an Nx run the plugin's end-of-run hook writes one table for every project instead.
  if (env.GITHUB_STEP_SUMMARY && !env[RUN_DIR_ENV]) appendFileSync(env.GITHUB_STEP_SUMMARY, stepSummary(result));
  return path;
}

import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { RUN_DIR_ENV } from './run-report';
import { githubOutputs, stepSummary, type ReleaseResult } from '../release/result';

/** Writes the result file and, inside GitHub Actions, the step outputs and the job summary. */
export function writeOutputs(result: ReleaseResult, resultFile: string, workspaceRoot: string, env: Record<string, string | undefined>): string {
  const path = resolve(workspaceRoot, resultFile);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(result, null, 2)}\n`);
  if (env.GITHUB_OUTPUT) {
    const lines = Object.entries(githubOutputs(result)).map(([name, value]) => {
      const delimiter = `ghadelimiter_${randomBytes(8).toString('hex')}`;
      return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
    });
    appendFileSync(env.GITHUB_OUTPUT, lines.join(''));
  }
  // Inside an Nx run the plugin's end-of-run hook writes one table for every project instead.
  if (env.GITHUB_STEP_SUMMARY && !env[RUN_DIR_ENV]) appendFileSync(env.GITHUB_STEP_SUMMARY, stepSummary(result));
  return path;
}

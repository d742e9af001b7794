import { appendFileSync, lstatSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { readNoFollow } from '../engine/no-follow';
import { ownedDirectory, UnsafeDirectoryError } from '../engine/owned-dir';
import { runRows, runSummaryLines, runSummaryMarkdown, type RunEntry, type RunRow } from '../release/run-summary';

/** Set by the plugin's preTasksExecution hook for every task of one `nx run-many` / `nx affected` run. */
export const RUN_DIR_ENV = 'NX_DOCKER_RELEASE_RUN';

/** Where the run-wide result lands, next to the per-project result files. */
export const RUN_RESULT_FILE = 'dist/docker-release-run.json';

export function runDirectory(runId: string): string {
  return join(tmpdir(), `nx-docker-release-run-${runId.replace(/[^A-Za-z0-9_-]/g, '')}`);
}

/**
 * One task's entry, written whole (a new temp file, then a rename) so the end of the run never
 * reads half of it. The run directory must be this user's own (`ownedDirectory`): one another
 * user made first is not written to (the summary then lacks this entry; the result file has it).
 */
export function recordRunEntry(env: Record<string, string | undefined>, entry: RunEntry): void {
  const dir = env[RUN_DIR_ENV];
  if (!dir || !isOwned(dir)) return;
  const name = `${entry.project}.${entry.target}`.replace(/[^A-Za-z0-9._@-]/g, '_');
  const temp = join(dir, `.${name}.${randomBytes(4).toString('hex')}`);
  writeFileSync(temp, JSON.stringify(entry), { mode: 0o600, flag: 'wx' });
  renameSync(temp, join(dir, `${name}.json`));
}

function isOwned(dir: string): boolean {
  try {
    ownedDirectory(dir);
    return true;
  } catch (err) {
    if (err instanceof UnsafeDirectoryError) return false;
    throw err;
  }
}

/** The entries of a run directory this user owns (none from one that is not: it is not trusted). */
export function readRunEntries(dir: string): RunEntry[] {
  let files: string[];
  try {
    if (!lstatSync(dir).isDirectory() || !isOwned(dir)) return [];
    files = readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('.'));
  } catch {
    return [];
  }
  return files.flatMap((f) => {
    const text = readNoFollow(join(dir, f));
    try {
      return text === undefined ? [] : [JSON.parse(text) as RunEntry];
    } catch {
      return [];
    }
  });
}

/**
 * The end of a run: one summary across every release task (terminal lines, one Markdown table
 * appended to the step summary, a JSON file with every project's result), then the entries go.
 * A run of dry runs only prints: like a single dry run, it writes nothing. Returns the rows, or
 * undefined when no release task ran.
 */
export function finishRun(dir: string, workspaceRoot: string, env: Record<string, string | undefined>, print: (line: string) => void): RunRow[] | undefined {
  const entries = readRunEntries(dir);
  // Only a directory this run's user owns is removed (readRunEntries read nothing from another).
  if (entries.length > 0) rmSync(dir, { recursive: true, force: true });
  if (entries.length === 0) return undefined;
  const rows = runRows(entries);
  if (entries.every((e) => e.dryRun)) {
    for (const line of runSummaryLines(rows)) print(line);
    return rows;
  }
  const file = resolve(workspaceRoot, RUN_RESULT_FILE);
  mkdirSync(dirname(file), { recursive: true });
  const projects = [...entries].sort((a, b) => (a.project < b.project ? -1 : 1));
  writeFileSync(file, `${JSON.stringify({ summary: rows, projects }, null, 2)}\n`);
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, runSummaryMarkdown(rows, entries));
  if (env.GITHUB_OUTPUT) {
    const delimiter = `ghadelimiter_${randomBytes(8).toString('hex')}`;
    appendFileSync(env.GITHUB_OUTPUT, `releases<<${delimiter}\n${JSON.stringify(rows)}\n${delimiter}\n`);
  }
  for (const line of runSummaryLines(rows)) print(line);
  print(`docker-release: every project's result is in ${RUN_RESULT_FILE}`);
  return rows;
}

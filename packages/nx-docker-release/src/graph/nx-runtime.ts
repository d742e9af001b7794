import type { CreateNodesContext, CreateNodesResult } from '@nx/devkit';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The little the graph plugin needs from Nx at run time, without importing @nx/devkit: its entry
 * points load most of Nx (~300 ms in a fresh plugin worker, paid by every graph computation when
 * the daemon is off, as in CI). Types still come from @nx/devkit.
 */

/** Nx's workspace-data directory (where Nx's own plugins keep their caches). */
export function workspaceDataDirectory(): string {
  try {
    // The module @nx/devkit/internal re-exports it from: small, and already loaded in Nx's processes.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('nx/src/utils/cache-directory') as { workspaceDataDirectory: string }).workspaceDataDirectory;
  } catch {
    // Should a later Nx move it, the public entry still has it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('@nx/devkit/internal') as { workspaceDataDirectory: string }).workspaceDataDirectory;
  }
}

/** A stable hash of a JSON-able value (object keys sorted): a cache key, nothing more. */
export function hashValue(value: unknown): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([k, x]) => [k, sorted(x)]),
          )
        : v;
  return createHash('sha256')
    .update(JSON.stringify(sorted(value)) ?? '')
    .digest('hex')
    .slice(0, 32);
}

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

export function writeJson(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Nx's partial-failure error for createNodes: Nx recognises it by name (`isAggregateCreateNodesError`
 * checks `name` as well as the class), keeps the results of the files that worked and reports
 * each failed file.
 */
export class AggregateCreateNodesError extends Error {
  constructor(
    readonly errors: [file: string, error: Error][],
    readonly partialResults: [file: string, result: CreateNodesResult][],
  ) {
    super('Failed to create nodes');
    this.name = 'AggregateCreateNodesError';
  }
}

/** createNodesFromFiles: one result per file, every file tried, failures collected. */
export async function createNodesFromFiles<T>(
  createNode: (file: string, options: T, context: CreateNodesContext) => CreateNodesResult | Promise<CreateNodesResult>,
  files: readonly string[],
  options: T,
  context: CreateNodesContext,
): Promise<[string, CreateNodesResult][]> {
  const settled = await Promise.all(
    files.map(async (file): Promise<{ file: string; result?: CreateNodesResult; error?: Error }> => {
      try {
        return { file, result: await createNode(file, options, context) };
      } catch (err) {
        return { file, error: err instanceof Error ? err : new Error(String(err)) };
      }
    }),
  );
  const results = settled.flatMap(({ file, result }): [string, CreateNodesResult][] => (result ? [[file, result]] : []));
  const errors = settled.flatMap(({ file, error }): [string, Error][] => (error ? [[file, error]] : []));
  if (errors.length > 0) throw new AggregateCreateNodesError(errors, results);
  return results;
}

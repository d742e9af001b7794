import { join } from 'node:path';
import { workspaceDataDirectory, writeJson } from '../nx-runtime';
import type { EdgeCandidate } from './edge-candidate';

/** Where the last graph computation recorded why each edge exists (read by tools/why-affected.js). */
export const edgeLogPath = (): string => join(workspaceDataDirectory(), 'nx-docker-release-edges.json');

export function writeEdgeLog(candidates: readonly EdgeCandidate[], path = edgeLogPath()): void {
  try {
    writeJson(
      path,
      candidates.map(({ source, target, files, reason }) => ({ source, target, file: files[0], reason })),
    );
  } catch {
    // Explaining is best effort: a read-only workspace still gets its graph.
  }
}

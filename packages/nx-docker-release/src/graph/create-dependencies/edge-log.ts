import { writeJsonFile } from '@nx/devkit';
import { workspaceDataDirectory } from '@nx/devkit/internal';
import { join } from 'node:path';
import type { EdgeCandidate } from './edge-candidate';

/** Where the last graph computation recorded why each edge exists (read by tools/why-affected.js). */
export const EDGE_LOG = join(workspaceDataDirectory, 'nx-docker-release-edges.json');

export function writeEdgeLog(candidates: readonly EdgeCandidate[], path = EDGE_LOG): void {
  try {
    writeJsonFile(path, candidates.map(({ source, target, files, reason }) => ({ source, target, file: files[0], reason })));
  } catch {
    // Explaining is best effort: a read-only workspace still gets its graph.
  }
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Reads a workspace-relative file; undefined when it does not exist. The only fs seam of graph/. */
export type WorkspaceReader = (path: string) => string | undefined;

export function workspaceReader(workspaceRoot: string): WorkspaceReader {
  return (path) => {
    try {
      return readFileSync(join(workspaceRoot, path), 'utf8');
    } catch {
      return undefined;
    }
  };
}

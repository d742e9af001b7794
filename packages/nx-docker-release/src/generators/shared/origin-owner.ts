import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoFromRemote } from '../../facts/git/local-git';

/**
 * The GitHub owner the workspace's `origin` remote names (`git@github.com:acme/app.git` -> `acme`),
 * read from `.git/config` at the workspace root; undefined when there is none or it is elsewhere.
 */
export function originOwner(workspaceRoot: string): string | undefined {
  let config: string;
  try {
    config = readFileSync(join(workspaceRoot, '.git', 'config'), 'utf8');
  } catch {
    return undefined;
  }
  const section = /\[remote "origin"\]([^[]*)/.exec(config)?.[1] ?? '';
  const url = /^\s*url\s*=\s*(.+?)\s*$/m.exec(section)?.[1];
  const repo = url ? repoFromRemote(url, 'main') : null;
  const match = repo?.html_url ? /^https:\/\/github\.com\/([^/]+)\//.exec(repo.html_url) : null;
  return match?.[1]?.toLowerCase();
}

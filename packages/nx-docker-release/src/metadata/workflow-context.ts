import { readPath, readString } from './payload';
import type { MetadataContext } from './types';

/** The context after upstream's workflow-mode rewrites, with dates resolved. */
export interface ResolvedContext {
  eventName: string;
  ref: string;
  sha: string;
  payload: object;
  commitDate: Date;
}

/**
 * Applies the two rewrites of `context.ts › getContextFromWorkflow` (docker/metadata-action `src/context.ts`):
 * - `pull_request_target` runs on the base branch ref, so upstream substitutes
 *   `refs/pull/<number>/merge` to make `type=ref,event=pr` work there;
 * - `DOCKER_METADATA_PR_HEAD_SHA=true` swaps the merge commit sha for the PR head sha.
 * Context providers for git/GitLab report other event names, so neither rewrite touches them.
 */
export function resolveWorkflowContext(context: MetadataContext, env: Readonly<Record<string, string>>, now: Date): ResolvedContext {
  const { eventName, payload } = context;
  let { ref, sha } = context;
  if (/pull_request_target/.test(eventName)) {
    ref = `refs/pull/${String(readPath(payload, ['number']))}/merge`;
  }
  const headSha = readString(payload, ['pull_request', 'head', 'sha']);
  if (/true/i.test(env['DOCKER_METADATA_PR_HEAD_SHA'] ?? '') && /pull_request/.test(eventName) && headSha !== undefined) {
    sha = headSha;
  }
  const date = context.commitDate ?? commitDateFromPayload(payload, sha);
  return { eventName, ref, sha, payload, commitDate: date === undefined ? now : new Date(date) };
}

/**
 * `context.ts › getCommitDateFromWorkflow` without its REST call: the timestamp of the pushed
 * commit whose id is the sha, then `head_commit` if it is that commit. Undefined means "now".
 */
function commitDateFromPayload(payload: object, sha: string): string | undefined {
  const commits = readPath(payload, ['commits']);
  if (Array.isArray(commits)) {
    const commit: unknown = commits.find((c: unknown) => readString(c, ['id']) === sha);
    const timestamp = readString(commit, ['timestamp']);
    if (timestamp !== undefined) {
      return timestamp;
    }
  }
  return readString(payload, ['head_commit', 'id']) === sha ? readString(payload, ['head_commit', 'timestamp']) : undefined;
}

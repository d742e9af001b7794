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
 * Applies the two rewrites of `context.ts › getContextFromWorkflow` (METADATA-SPEC §3):
 * - `pull_request_target` runs on the base branch ref, so upstream substitutes
 *   `refs/pull/<number>/merge` to make `type=ref,event=pr` work there;
 * - `DOCKER_METADATA_PR_HEAD_SHA=true` swaps the merge commit sha for the PR head sha.
 * Context providers for git/GitLab report other event names, so neither rewrite touches them.
 */
export function resolveWorkflowContext(
  context: MetadataContext,
  env: Readonly<Record<string, string>>,
  now: Date,
): ResolvedContext {
  const { eventName, payload } = context;
  let { ref, sha } = context;
  if (/pull_request_target/.test(eventName)) {
    ref = `refs/pull/${String(readPath(payload, ['number']))}/merge`;
  }
  const headSha = readString(payload, ['pull_request', 'head', 'sha']);
  if (/true/i.test(env['DOCKER_METADATA_PR_HEAD_SHA'] ?? '') && /pull_request/.test(eventName) && headSha !== undefined) {
    sha = headSha;
  }
  const commitDate = context.commitDate === undefined ? now : new Date(context.commitDate);
  return { eventName, ref, sha, payload, commitDate };
}

import { readPath, readString } from '../../metadata/payload';
import type { GitContext, RepoInfo } from '../../release/git-context';

type Env = Record<string, string | undefined>;

/**
 * GitHub Actions facts from the runner's environment and the event payload file. Repository
 * facts come from payload.repository, so no API token is needed (upstream asks the REST API).
 * The commit date is left to the metadata engine, which reads it from the payload after its
 * rewrites (`metadata/workflow-context.ts`), as upstream does.
 */
export function githubActionsContext(env: Env, payload: Record<string, unknown>): GitContext {
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  // GITHUB_REF and GITHUB_SHA as the runner sets them (what `github.ref` reads); the metadata
  // engine applies upstream's pull_request_target and DOCKER_METADATA_PR_HEAD_SHA rewrites itself.
  const ref = env.GITHUB_REF ?? '';
  const sha = env.GITHUB_SHA ?? '';
  const repository = env.GITHUB_REPOSITORY || readString(payload, ['repository', 'full_name']);
  return {
    provider: 'github-actions',
    eventName,
    ref,
    sha,
    payload,
    repo: repoFromPayload(payload),
    ...(repository ? { repository } : {}),
    tagsAtCommit: ref.startsWith('refs/tags/') ? [ref.slice('refs/tags/'.length)] : [],
  };
}

/** The repository object of the payload in the shape the default labels read (no REST call). */
function repoFromPayload(payload: Record<string, unknown>): RepoInfo | null {
  const repo = readPath(payload, ['repository']);
  if (repo === null || typeof repo !== 'object') return null;
  const field = (...path: string[]): string | undefined => {
    const value = readPath(repo, path);
    return typeof value === 'string' ? value : undefined;
  };
  const license = readPath(repo, ['license']);
  return {
    name: field('name'),
    description: field('description'),
    html_url: field('html_url'),
    default_branch: field('default_branch'),
    license: license !== null && typeof license === 'object' ? { spdx_id: field('license', 'spdx_id') } : null,
  };
}

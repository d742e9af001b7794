import type { GitContext, RepoInfo } from '../../release/git-context';

type Env = Record<string, string | undefined>;

/**
 * GitHub Actions facts from the runner's environment and the event payload file. Repository
 * facts come from payload.repository, so no API token is needed (upstream asks the REST API).
 */
export function githubActionsContext(env: Env, payload: Record<string, unknown>): GitContext {
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  // GITHUB_REF and GITHUB_SHA as the runner sets them (what `github.ref` reads); the metadata
  // engine applies upstream's pull_request_target and DOCKER_METADATA_PR_HEAD_SHA rewrites itself.
  const ref = env.GITHUB_REF ?? '';
  const sha = env.GITHUB_SHA ?? '';
  return {
    provider: 'github-actions',
    eventName,
    ref,
    sha,
    commitDate: commitDateFromPayload(payload, sha),
    payload,
    repo: repoFromPayload(payload),
    ...optional('repository', env.GITHUB_REPOSITORY || str(asRecord(payload.repository)?.full_name)),
    tagsAtCommit: ref.startsWith('refs/tags/') ? [ref.slice('refs/tags/'.length)] : [],
  };
}

function commitDateFromPayload(payload: Record<string, unknown>, sha: string): string | undefined {
  const commits = Array.isArray(payload.commits) ? payload.commits.map(asRecord) : [];
  const match = commits.find((c) => c?.id === sha);
  if (typeof match?.timestamp === 'string') return match.timestamp;
  const head = asRecord(payload.head_commit);
  if (head?.id === sha && typeof head.timestamp === 'string') return head.timestamp;
  return undefined;
}

function repoFromPayload(payload: Record<string, unknown>): RepoInfo | null {
  const repo = asRecord(payload.repository);
  if (!repo) return null;
  const license = asRecord(repo.license);
  return {
    name: str(repo.name),
    description: str(repo.description),
    html_url: str(repo.html_url),
    default_branch: str(repo.default_branch),
    license: license ? { spdx_id: str(license.spdx_id) } : null,
  };
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

const optional = <K extends string>(key: K, value: string | undefined) => (value ? ({ [key]: value } as Record<K, string>) : {});

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

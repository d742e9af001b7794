import type { RepoInfo } from '../metadata/types';

/** Repository facts used by the default OCI labels: the metadata engine's type (GitHub's repository object). */
export type { RepoInfo };

/** Everything the release needs to know about the commit, whichever CI (or none) ran it. */
export interface GitContext {
  provider: 'github-actions' | 'gitlab-ci' | 'git';
  /** GITHUB_EVENT_NAME semantics: push, pull_request, schedule, workflow_dispatch... */
  eventName: string;
  /** GITHUB_REF semantics: refs/heads/x, refs/tags/x, refs/pull/n/merge. */
  ref: string;
  sha: string;
  commitDate?: string;
  /** Webhook-like payload (repository.default_branch, pull_request.*, number, ...). */
  payload: Record<string, unknown>;
  repo: RepoInfo | null;
  /** The repository's path: owner/name on GitHub, group/.../project on GitLab (no host). */
  repository?: string;
  /** Tags that point at the commit; a project picks its own release tag among them. */
  tagsAtCommit: string[];
}

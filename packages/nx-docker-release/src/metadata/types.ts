/**
 * Public data shapes of the metadata engine. They mirror what docker/metadata-action's `Meta` class
 * receives (inputs already split into lists) and what it emits as step outputs
 * (https://github.com/docker/metadata-action/blob/master/src/meta.ts); the conformance vectors in
 * `fixtures/` are written against them.
 */

/** Facts about the commit being built (GitHub Actions `github.context` semantics). */
export interface MetadataContext {
  /** GITHUB_EVENT_NAME semantics, '' when unknown. */
  eventName: string;
  /** GITHUB_REF semantics, e.g. refs/heads/main, refs/tags/1.2.3, refs/pull/42/merge. */
  ref: string;
  /** Full commit sha ('' when unknown). */
  sha: string;
  /** The webhook event payload (repository.default_branch, pull_request.*, number, base_ref...). */
  payload: object;
  /** ISO date of the commit; "now" when absent, as upstream falls back to. */
  commitDate?: string;
}

/**
 * The subset of the GitHub REST repository object that labels and `type=edge` read. Fields may
 * be null as the REST API returns them (a repository without description or license).
 */
export interface RepoInfo {
  name?: string | null;
  description?: string | null;
  html_url?: string | null;
  default_branch?: string | null;
  license?: { spdx_id?: string | null } | null;
}

export interface MetadataInput {
  context: MetadataContext;
  repo?: RepoInfo | null;
  images: string[];
  tags: string[];
  flavor: string[];
  labels: string[];
  annotations: string[];
  /** DOCKER_METADATA_* knobs. The engine never reads process.env. */
  env?: Record<string, string>;
  /** The single "now" used by {{date}} and the created label. */
  now?: Date;
}

/** What upstream's `json` output serialises (`Meta.getJSON`). */
export interface MetadataJson {
  tags: string[];
  'tag-names': string[];
  labels: Record<string, string>;
  /** Level-prefixed: `<level>:<key>=<value>`. */
  annotations: string[];
}

export interface MetadataOutput {
  /** The `version` output ('' when none). */
  version: string;
  /** Full refs (image:tag) in upstream order, or bare tags when no image is enabled. */
  tags: string[];
  tagNames: string[];
  /** key=value, sorted as upstream sorts them. */
  labels: string[];
  /** key=value, without level prefixes (see `json.annotations` for the prefixed form). */
  annotations: string[];
  json: MetadataJson;
}

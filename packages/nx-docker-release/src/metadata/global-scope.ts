import { dateHelper, type TemplateHelper } from './date-helper';
import { readString } from './payload';
import { shortSha } from './short-sha';
import type { ResolvedContext } from './workflow-context';

/** Events that always run on top of the default branch, so `is_default_branch` is true. */
const ON_DEFAULT_BRANCH_EVENTS = ['create', 'discussion', 'issues', 'schedule'];

/**
 * The scope for tag `value`/`prefix`/`suffix`/`enable`, flavor prefix/suffix and custom
 * label/annotation lines (`meta.ts › setGlobalExp`, docker/metadata-action `src/meta.ts › setGlobalExp`). Entries are functions
 * so Handlebars evaluates them lazily, which keeps `DOCKER_METADATA_SHORT_SHA_LENGTH` errors
 * confined to templates that really use `{{sha}}`.
 */
export function globalScope(ctx: ResolvedContext, env: Readonly<Record<string, string>>, now: Date): Record<string, TemplateHelper> {
  const isDefaultBranch = (): boolean => {
    const branch = ctx.ref.replace(/^refs\/heads\//, '');
    if (branch.length === 0) {
      return false;
    }
    // The webhook payload's default branch, not the REST repo's (observed docker/metadata-action behaviour, pinned in metadata/behaviour.spec.ts).
    if (readString(ctx.payload, ['repository', 'default_branch']) === branch) {
      return true;
    }
    return ON_DEFAULT_BRANCH_EVENTS.some((event) => ctx.eventName.includes(event));
  };
  return {
    branch: () => (/^refs\/heads\//.test(ctx.ref) ? ctx.ref.replace(/^refs\/heads\//, '') : ''),
    tag: () => (/^refs\/tags\//.test(ctx.ref) ? ctx.ref.replace(/^refs\/tags\//, '') : ''),
    sha: () => shortSha(ctx.sha, env),
    base_ref: () => baseRef(ctx),
    is_default_branch: () => String(isDefaultBranch()),
    is_not_default_branch: () => String(!isDefaultBranch()),
    date: dateHelper('date', now),
    commit_date: dateHelper('commit_date', ctx.commitDate),
  };
}

/** `{{base_ref}}`: push-tag payload's base_ref, or the PR's base branch (tests tag/tag20, pr/pr10). */
function baseRef(ctx: ResolvedContext): string {
  const pushBase = readString(ctx.payload, ['base_ref']);
  if (/^refs\/tags\//.test(ctx.ref) && pushBase !== undefined) {
    return pushBase.replace(/^refs\/heads\//, '');
  }
  const prBase = readString(ctx.payload, ['pull_request', 'base', 'ref']);
  if (/^refs\/pull\//.test(ctx.ref) && prBase !== undefined) {
    return prBase;
  }
  return '';
}

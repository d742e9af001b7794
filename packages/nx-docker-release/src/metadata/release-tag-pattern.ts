import { MetadataError } from './metadata-error';

/**
 * What `{version}` may match: semver-ish or PEP 440-ish (`1.2.3`, `v1.2.3-rc.1`, `1!2.0.post1`,
 * `1.0+local`). It never contains `/` or `@`, which is what keeps `{projectName}@{version}`
 * unambiguous for scoped names such as `@org/api@1.2.3`.
 */
const VERSION_PART = '(v?[0-9][0-9A-Za-z.+!_-]*)';
const PLACEHOLDER = /\{([^{}]*)\}/g;

export interface ReleaseTagMatch {
  version: string;
}

/**
 * Matches a git tag against a monorepo release tag pattern such as `{projectName}@{version}`,
 * `{projectName}/v{version}`, `v{version}` or `{version}` (nx release's `releaseTagPattern`
 * vocabulary). Literal text must match exactly. Returns null when the tag belongs to another
 * project or is not a release tag; throws a MetadataError for a malformed pattern.
 */
export function matchReleaseTag(pattern: string, tag: string, projectName: string): ReleaseTagMatch | null {
  const found = compileReleaseTagPattern(pattern, projectName).exec(tag);
  const version = found?.[1];
  return version === undefined ? null : { version };
}

export function compileReleaseTagPattern(pattern: string, projectName: string): RegExp {
  let versions = 0;
  let source = '';
  let last = 0;
  for (const placeholder of pattern.matchAll(PLACEHOLDER)) {
    source += escapeRegExp(pattern.slice(last, placeholder.index));
    last = placeholder.index + placeholder[0].length;
    switch (placeholder[1]) {
      case 'version':
        versions++;
        source += VERSION_PART;
        break;
      case 'projectName':
        source += escapeRegExp(projectName);
        break;
      default:
        throw new MetadataError(`Invalid release tag pattern "${pattern}": unknown placeholder ${placeholder[0]} (use {projectName} and {version})`);
    }
  }
  source += escapeRegExp(pattern.slice(last));
  if (versions !== 1) {
    throw new MetadataError(`Invalid release tag pattern "${pattern}": must contain {version} exactly once`);
  }
  return new RegExp(`^${source}$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

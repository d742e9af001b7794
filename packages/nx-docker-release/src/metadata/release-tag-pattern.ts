import { MetadataError } from './metadata-error';

/**
 * What `{version}` may match: a bare semver-ish or PEP 440-ish version (`1.2.3`, `1.2.3-rc.1`,
 * `1!2.0.post1`, `1.0+local`), starting with a digit. A leading `v` belongs in the pattern
 * (`v{version}`), so `{version}` and `v{version}` never claim the same tag. It never contains `/`
 * or `@`, which is what keeps `{projectName}@{version}` unambiguous for scoped names such as
 * `@org/api@1.2.3`.
 */
export const VERSION_FIRST = /[0-9]/;
export const VERSION_REST = /[0-9A-Za-z.+!_-]/;
const VERSION_PART = `(${VERSION_FIRST.source}${VERSION_REST.source}*)`;
const PLACEHOLDER = /\{([^{}]*)\}/g;

export interface ReleaseTagMatch {
  version: string;
}

/** A pattern with its project filled in: the literal text around the one `{version}`. */
export interface ReleaseTagShape {
  prefix: string;
  suffix: string;
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
  const { prefix, suffix } = releaseTagShape(pattern, projectName);
  return new RegExp(`^${escapeRegExp(prefix)}${VERSION_PART}${escapeRegExp(suffix)}$`);
}

/** The literal prefix and suffix of a pattern for one project; a MetadataError for a malformed pattern. */
export function releaseTagShape(pattern: string, projectName: string): ReleaseTagShape {
  const parts: string[] = [''];
  let last = 0;
  for (const placeholder of pattern.matchAll(PLACEHOLDER)) {
    parts[parts.length - 1] += pattern.slice(last, placeholder.index);
    last = placeholder.index + placeholder[0].length;
    switch (placeholder[1]) {
      case 'version':
        parts.push('');
        break;
      case 'projectName':
        parts[parts.length - 1] += projectName;
        break;
      default:
        throw new MetadataError(`Invalid release tag pattern "${pattern}": unknown placeholder ${placeholder[0]} (use {projectName} and {version})`);
    }
  }
  parts[parts.length - 1] += pattern.slice(last);
  const [prefix, suffix, ...more] = parts;
  if (prefix === undefined || suffix === undefined || more.length > 0) {
    throw new MetadataError(`Invalid release tag pattern "${pattern}": must contain {version} exactly once`);
  }
  return { prefix, suffix };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

import type parseFn from 'semver/functions/parse';
import type prereleaseFn from 'semver/functions/prerelease';
import type validFn from 'semver/functions/valid';
import { lazy } from '../lazy';
import { isRawStatement, renderTemplate } from '../template';
import { attr, type TagProcessor } from './processor';
import { versionSource } from './version-source';

// The three functions only: the whole package (ranges, comparators) takes twice as long to load.
/* eslint-disable @typescript-eslint/no-require-imports */
const lib = lazy(() => ({
  valid: require('semver/functions/valid') as typeof validFn,
  parse: require('semver/functions/parse') as typeof parseFn,
  prerelease: require('semver/functions/prerelease') as typeof prereleaseFn,
}));
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * `type=semver` (`meta.ts › procSemver`). Strict `semver.valid` gate, loose parse. A prerelease
 * ignores the pattern (so `{{major}}` gives `1.2.3-rc.1`) unless the pattern is exactly
 * `{{raw}}`; a stable release renders the pattern and proposes latest.
 */
export const procSemver: TagProcessor = (entry, pe) => {
  const source = versionSource(entry, pe);
  if (source === undefined) {
    return undefined;
  }
  const semver = lib();
  if (semver.valid(source) === null) {
    pe.warn(`${source} is not a valid semver. More info: https://semver.org/`);
    return undefined;
  }
  const parsed = semver.parse(source, { loose: true });
  if (parsed === null) {
    return undefined;
  }
  // A plain snapshot of the SemVer fields: same lookups as rendering the instance, without
  // Handlebars' prototype-access warnings for names like {{compare}}.
  const scope = { ...parsed };
  const pattern = attr(entry, 'pattern');
  if (semver.prerelease(source) !== null) {
    const template = isRawStatement(pattern) ? pattern : '{{version}}';
    return { value: renderTemplate(template, scope), autoLatest: false };
  }
  return { value: renderTemplate(pattern, scope), autoLatest: true };
};

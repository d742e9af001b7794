import type * as Pep440 from '@renovate/pep440';
import { lazy } from '../lazy';
import { isRawStatement, renderTemplate } from '../template';
import { attr, type TagProcessor } from './processor';
import { versionSource } from './version-source';

/**
 * `type=pep440` (`meta.ts › procPep440`). Pre, post and dev releases yield the normalised form
 * (`1.1beta2` -> `1.1b2`), or the raw string when the pattern is exactly `{{raw}}`; final
 * releases render the pattern with raw/version/major/minor/patch and propose latest.
 */
// Loaded on first use: the library costs ~100 ms to load and most configurations have no pep440 rule.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lib = lazy(() => require('@renovate/pep440') as typeof Pep440);

export const procPep440: TagProcessor = (entry, pe) => {
  const pep440 = lib();
  const source = versionSource(entry, pe);
  if (source === undefined) {
    return undefined;
  }
  const explained = pep440.valid(source) === null ? null : pep440.explain(source);
  if (explained === null) {
    pe.warn(`${source} does not conform to PEP 440. More info: https://www.python.org/dev/peps/pep-0440`);
    return undefined;
  }
  const pattern = attr(entry, 'pattern');
  const clean = pep440.clean(source) ?? source;
  if (explained.is_prerelease || explained.is_postrelease || explained.is_devrelease) {
    return { value: isRawStatement(pattern) ? source : clean, autoLatest: false };
  }
  const scope = {
    raw: () => source,
    version: () => clean,
    major: () => pep440.major(source),
    minor: () => pep440.minor(source),
    patch: () => pep440.patch(source),
  };
  return { value: renderTemplate(pattern, scope), autoLatest: true };
};

import type MomentNs from 'moment-timezone';
import { lazy } from './lazy';
import type { HelperOptions } from 'handlebars';
import { MetadataError } from './metadata-error';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const moment = lazy(() => require('moment-timezone') as typeof MomentNs);

export type TemplateHelper = (...args: unknown[]) => string;

/**
 * Builds the `{{date 'FMT' tz='Zone'}}` / `{{commit_date ...}}` helpers (`meta.ts ›
 * setGlobalExp`). The format is moment's; an unquoted format is a path lookup that yields
 * undefined, so moment's default ISO format is used, as upstream (tests pr/pr12). The zone
 * defaults to UTC and `tz` is the only hash key accepted.
 */
export function dateHelper(name: string, date: Date): TemplateHelper {
  return (...args: unknown[]): string => {
    const options = args[args.length - 1] as Partial<HelperOptions> | undefined;
    if (args.length < 2 || options === undefined) {
      // Upstream crashes reading `options.hash` here; say what is missing instead.
      throw new MetadataError(`Missing format argument for ${name}`);
    }
    let tz: unknown = 'UTC';
    for (const [key, value] of Object.entries(options.hash ?? {})) {
      if (key !== 'tz') {
        throw new MetadataError(`Unknown ${key} attribute`);
      }
      tz = value;
    }
    // moment-timezone validates the zone type itself and throws on non-strings.
    return moment()(date)
      .tz(tz as string)
      .format(args[0] as string | undefined);
  };
}

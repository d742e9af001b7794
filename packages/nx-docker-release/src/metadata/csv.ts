import type * as CsvParseSync from 'csv-parse/sync';
import { lazy } from './lazy';

/** csv-parse, loaded on first use: the usual one-line, unquoted inputs never need it. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const csvParse = lazy(() => (require('csv-parse/sync') as typeof CsvParseSync).parse);

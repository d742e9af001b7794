import { GeneratorOptionError } from './option-error';

/** `NAME=value` entries from the command line into a record; the option is named on error. */
export function parseKeyValues(option: string, entries: readonly string[] | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  for (const entry of entries ?? []) {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new GeneratorOptionError(option, `"${entry}" is not NAME=value`);
    const key = entry.slice(0, eq).trim();
    if (key in record) throw new GeneratorOptionError(option, `"${key}" is given twice`);
    record[key] = entry.slice(eq + 1);
  }
  return record;
}

import { csvParse } from './csv';
import { asMetadataError } from './metadata-error';

/**
 * Fields of the first CSV record of one list item, parsed the way upstream's tag, flavor and
 * image parsers do (`relaxColumnCount`, `skipEmptyLines`, standard quoting). Later records of a
 * multi-line item are ignored, as upstream only reads `[0]`. A quote in the middle of a field is
 * a csv-parse error (`Invalid Opening Quote: ...`), re-thrown as a MetadataError.
 */
export function parseFirstRecord(item: string): string[] | undefined {
  // One line without quotes is just its comma-separated fields (the usual `type=sha,prefix=x`).
  if (!/["\r\n]/.test(item)) return item === '' ? undefined : item.split(',');
  let records: string[][];
  try {
    records = csvParse()(item, { relaxColumnCount: true, skipEmptyLines: true });
  } catch (err) {
    throw asMetadataError(err);
  }
  return records[0];
}

import { csvParse } from './csv';
import { asMetadataError } from './metadata-error';

/**
 * Splits a multi-line action input into list items like docker/actions-toolkit's
 * `Util.getInputList(name, {ignoreComma: true, comment: '#', commentNoInfix: true})`, which
 * metadata-action uses for images, tags, flavor, labels and annotations.
 *
 * One CSV record is one item; a record with several columns is re-joined with `,`, so commas
 * survive but CSV quoting is consumed here (docker/metadata-action `src/context.ts › getInputs`). `#` starts a comment only at the
 * start of a line, so `value=foo#bar` is kept.
 * https://github.com/docker/actions-toolkit/blob/main/src/util.ts
 */
export function parseInputList(text: string): string[] {
  // core.getInput trims the whole value before the toolkit sees it.
  const input = text.trim();
  if (input === '') {
    return [];
  }
  // Without quotes, comments or CR, CSV parsing and re-joining gives back each line.
  if (!/["#\r]/.test(input))
    return input
      .split('\n')
      .map((line) => line.trim())
      .filter((item) => item !== '');
  let records: string[][];
  try {
    records = csvParse()(input, {
      columns: false,
      relaxQuotes: true,
      comment: '#',
      comment_no_infix: true,
      relaxColumnCount: true,
      skipEmptyLines: true,
    });
  } catch (err) {
    throw asMetadataError(err);
  }
  return records.map((record) => record.join(',').trim()).filter((item) => item !== '');
}

import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { parseFirstRecord } from './csv-record';
import { parseInputList } from './input-list';

// The quote-free fast paths must answer exactly what csv-parse answers (or fail where it fails).
const input = fc.string({ unit: fc.constantFrom('a', 'b', '=', ',', ' ', '\n', '\r', '"', '#', '{', '}', '\t'), maxLength: 16 });
const outcome = <T>(f: () => T): { ok: T } | { error: true } => {
  try {
    return { ok: f() };
  } catch {
    return { error: true };
  }
};

describe('CSV fast paths', () => {
  it('parseFirstRecord matches csv-parse', () => {
    fc.assert(
      fc.property(input, (item) => {
        const reference = outcome(() => (parse(item, { relaxColumnCount: true, skipEmptyLines: true }) as string[][])[0]);
        expect(outcome(() => parseFirstRecord(item))).toEqual(reference);
      }),
      { numRuns: 5000 },
    );
  });

  it('parseInputList matches csv-parse (quotes relaxed, # comments at line start)', () => {
    const reference = (text: string): string[] => {
      const trimmed = text.trim();
      if (trimmed === '') return [];
      const records = parse(trimmed, { columns: false, relaxQuotes: true, comment: '#', comment_no_infix: true, relaxColumnCount: true, skipEmptyLines: true }) as string[][];
      return records.map((r) => r.join(',').trim()).filter((x) => x !== '');
    };
    fc.assert(
      fc.property(input, (text) => expect(outcome(() => parseInputList(text))).toEqual(outcome(() => reference(text)))),
      { numRuns: 5000 },
    );
  });
});

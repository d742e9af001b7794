import type { Value } from '../../release/expressions/evaluate';

export type MatrixEntry = Record<string, Value>;

/**
 * `strategy.matrix` as its entries, as GitHub expands it: the product of the list-valued keys,
 * minus `exclude` matches, then each `include` object merged into every entry whose original
 * values it does not change, or added as an entry of its own.
 * https://docs.github.com/en/actions/how-tos/write-workflows/choose-what-workflows-do/run-job-variations
 * No matrix: one entry, `undefined`. A matrix the file does not spell out (`${{ fromJSON(...) }}`)
 * is one unknown entry and a note.
 */
export function expandMatrix(matrix: unknown): { entries: (MatrixEntry | undefined)[]; note?: string } {
  if (matrix === undefined || matrix === null) return { entries: [undefined] };
  if (typeof matrix !== 'object' || Array.isArray(matrix)) {
    return { entries: [undefined], note: `strategy.matrix "${String(matrix)}" is only known during the run; the options that read it are left out` };
  }
  const m = matrix as Record<string, unknown>;
  const keys = Object.keys(m).filter((k) => k !== 'include' && k !== 'exclude');
  const unknown = keys.filter((k) => !Array.isArray(m[k]));
  if (unknown.length) return { entries: [undefined], note: `strategy.matrix.${unknown[0]} is only known during the run; the options that read it are left out` };
  let entries: MatrixEntry[] = [{}];
  for (const key of keys) entries = entries.flatMap((e) => (m[key] as Value[]).map((v) => ({ ...e, [key]: v })));
  if (keys.length === 0) entries = [];
  const objects = (v: unknown): MatrixEntry[] => (Array.isArray(v) ? v.filter((x): x is MatrixEntry => typeof x === 'object' && x !== null && !Array.isArray(x)) : []);
  const exclude = objects(m['exclude']);
  entries = entries.filter((e) => !exclude.some((x) => Object.entries(x).every(([k, v]) => same(e[k], v))));
  const original = entries.map((e) => ({ ...e }));
  const include = objects(m['include']);
  for (const extra of include) {
    let merged = false;
    original.forEach((base, i) => {
      if (Object.entries(extra).every(([k, v]) => !(k in base) || same(base[k], v))) {
        Object.assign(entries[i]!, extra);
        merged = true;
      }
    });
    if (!merged) entries.push({ ...extra });
  }
  return { entries: entries.length ? entries : [undefined] };
}

const same = (a: Value | undefined, b: Value): boolean => JSON.stringify(a) === JSON.stringify(b);

import type { Row } from './harness';

export const TABLE_START = '<!-- corpus-table:start (written by UPDATE_CORPUS=1 npx jest -c packages/nx-docker-release/jest.config.js corpus) -->';
export const TABLE_END = '<!-- corpus-table:end -->';

const VERDICT: Record<Row['verdict'], string> = {
  equal: 'equal',
  differ: 'DIFFERS',
  'not-run': 'job does not run',
  unknown: 'not computable',
  'not-translated': 'NOT TRANSLATED',
};

/**
 * The counts the docs state: contexts in which a build runs; those whose tags the file itself
 * determines (no shell step computes an input), and how many of each give upstream's tags.
 */
export function tally(rows: Row[]): { workflows: number; contexts: number; equal: number; determined: number } {
  const counted = rows.filter((r) => r.verdict !== 'not-run');
  const equal = counted.filter((r) => r.verdict === 'equal').length;
  return { workflows: new Set(rows.map((r) => r.file)).size, contexts: counted.length, equal, determined: counted.filter((r) => r.verdict !== 'unknown').length };
}

/** The Markdown table of docs/from-workflow-corpus.md, one row per workflow, context and build. */
export function renderTable(rows: Row[]): string {
  const { contexts, equal, workflows, determined } = tally(rows);
  const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)}%`;
  const escape = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [
    TABLE_START,
    '',
    `${workflows} workflows, ${contexts} (context, build) pairs in which a build runs. In the ${determined} whose tags the workflow file determines, ` +
      `**${equal} (${pct(equal, determined)}) give upstream's tags exactly**; the other ${contexts - determined} take an image name or tag from a shell step's output ` +
      `(\`not computable\`). Counting every pair: ${pct(equal, contexts)}.`,
    '',
    '| workflow | context | build | translated | tags | upstream tags | note |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) =>
      [
        `[${r.file.replace(/\.ya?ml$/, '')}](${r.source})`,
        r.context,
        escape(r.build),
        r.translated ? 'yes' : 'no',
        VERDICT[r.verdict],
        r.upstream === undefined ? '' : r.upstream.length ? `${r.upstream.length}: ${escape(r.upstream.slice(0, 3).join(' '))}${r.upstream.length > 3 ? ' ...' : ''}` : 'none',
        escape(r.verdict === 'differ' && r.ours?.length ? `ours: ${r.ours.join(' ')}${r.note ? `; ${r.note}` : ''}` : r.note),
      ]
        .join(' | ')
        .replace(/^/, '| ')
        .concat(' |'),
    ),
    '',
    TABLE_END,
  ];
  return lines.join('\n');
}

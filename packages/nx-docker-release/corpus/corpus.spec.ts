import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { readWorkflow, usesAction } from '../src/generators/from-workflow/read-workflow';
import { retireWorkflow } from '../src/generators/from-workflow/retire-workflow';
import { translateWorkflow } from '../src/generators/from-workflow/translate-workflow';
import { corpusFiles, readCorpusFile, runCorpusFile } from './harness';
import { renderTable, tally, TABLE_END, TABLE_START } from './table';

const DOC = join(__dirname, '../../../docs/from-workflow-corpus.md');
const rows = corpusFiles().flatMap(runCorpusFile);

describe('from-workflow on the corpus of real workflows', () => {
  it('holds at least 15 workflows, each headed by its source and otherwise verbatim YAML', () => {
    expect(corpusFiles().length).toBeGreaterThanOrEqual(15);
    for (const file of corpusFiles()) expect(readCorpusFile(file).source).toMatch(/^https:\/\/github\.com\/[^/]+\/[^/]+\/blob\/[0-9a-f]{40}\/\.github\/workflows\/.+\.ya?ml$/);
  });

  it("gives upstream's tags in at least 90% of the contexts whose tags the file determines; every other row carries its reason", () => {
    const { contexts, equal, determined } = tally(rows);
    expect(contexts).toBeGreaterThan(60);
    expect(equal / determined).toBeGreaterThanOrEqual(0.9);
    // Shell-computed inputs stay a minority of the corpus: the figure above speaks for most of it.
    expect(determined / contexts).toBeGreaterThanOrEqual(0.6);
    for (const row of rows.filter((r) => r.verdict !== 'equal')) expect(row.note).not.toBe('');
  });

  it.each(corpusFiles())('%s, retired, keeps no converted build and no docker login, and stays valid YAML', (file) => {
    const { text } = readCorpusFile(file);
    const { targets } = translateWorkflow(readWorkflow(file, text));
    const converted = targets.filter((t) => t.translation.options.images?.length).map((t) => t.unit);
    const fate = retireWorkflow(text, converted);
    expect(fate.kind).not.toBe('unchanged');
    if (fate.kind !== 'edited') return;
    expect(parseDocument(fate.text).errors).toEqual([]);
    type Step = { uses?: string; run?: string };
    const jobs = (text: string) => (parseDocument(text).toJS() as { jobs: Record<string, { steps?: Step[] }> }).jobs;
    const builds = (steps: Step[] = []) => steps.filter((s) => usesAction(s.uses, 'docker/build-push-action')).length;
    const before = jobs(text);
    const left = jobs(fate.text);
    for (const job of new Set(converted.map((unit) => unit.job))) {
      const kept = builds(before[job]?.steps) - new Set(converted.filter((u) => u.job === job).map((u) => u.build.index)).size;
      expect(builds(left[job]?.steps)).toBe(kept);
      const steps = left[job]?.steps ?? [];
      if (kept === 0 && !steps.some((s) => /\bdocker\b/.test(s.run ?? ''))) expect(steps.filter((s) => usesAction(s.uses, 'docker/login-action'))).toEqual([]);
    }
  });

  it('docs/from-workflow-corpus.md shows the table this run computes', () => {
    const doc = readFileSync(DOC, 'utf8');
    const table = renderTable(rows);
    const written = doc.slice(doc.indexOf(TABLE_START), doc.indexOf(TABLE_END) + TABLE_END.length);
    if (process.env['UPDATE_CORPUS'] === '1' && written !== table) writeFileSync(DOC, doc.replace(written, table));
    else expect(written).toBe(table);
  });
});

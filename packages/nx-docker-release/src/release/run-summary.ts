import { markdownText } from './markdown';
import type { ReleaseResult } from './result';

/** One task of a run over many projects, as its executor recorded it. */
export interface RunEntry {
  project: string;
  target: string;
  /** The executor's result; absent when it stopped before one existed (a bad option, a refused login). */
  result?: ReleaseResult;
  /** Set for a dry run: what would happen, nothing done. */
  dryRun?: boolean;
  /** Why the task failed without a result. */
  error?: string;
}

export interface RunRow {
  project: string;
  outcome: 'pushed' | 'promoted' | 'unchanged' | 'by-digest' | 'merged' | 'built' | 'planned' | 'skipped' | 'failed';
  version: string;
  tags: string[];
  digest: string;
  reason: string;
}

/** What the run did per project, sorted by project name. */
export function runRows(entries: readonly RunEntry[]): RunRow[] {
  return entries.map(rowOf).sort((a, b) => (a.project < b.project ? -1 : a.project > b.project ? 1 : 0));
}

function rowOf(entry: RunEntry): RunRow {
  const r = entry.result;
  const base = { project: entry.project, version: r?.version ?? '', tags: r?.tags ?? [], digest: r?.digest ?? '' };
  if (!r) return { ...base, outcome: 'failed', reason: entry.error ?? 'the task failed before it had a plan' };
  if (r.status === 'failed') return { ...base, outcome: 'failed', reason: r.reason ?? 'failed' };
  if (r.status === 'skipped') return { ...base, outcome: 'skipped', reason: r.reason ?? '' };
  if (entry.dryRun) return { ...base, outcome: 'planned', reason: 'dry run' };
  if (r.status === 'by-digest') return { ...base, outcome: 'by-digest', reason: (r.platformDigests ?? []).map((p) => p.platform).join(', ') };
  if (r.status === 'built') return { ...base, outcome: 'built', reason: ['push disabled', ...(r.warnings ?? []).map((w) => `warning: ${w}`)].join('; ') };
  const outcome = r.source === 'promoted' ? 'promoted' : r.source === 'unchanged' ? 'unchanged' : r.source === 'merged' ? 'merged' : 'pushed';
  const note = r.reusedFrom ? `from ${r.reusedFrom}` : blobsNote(r);
  return { ...base, outcome, reason: [note, ...(r.warnings ?? []).map((w) => `warning: ${w}`)].filter(Boolean).join('; ') };
}

function blobsNote(r: ReleaseResult): string {
  if (!r.blobs) return '';
  return `${r.blobs.uploaded} blob(s) uploaded, ${r.blobs.alreadyPresent} present${r.blobs.copied ? `, ${r.blobs.copied} copied` : ''}`;
}

/** Counts per outcome, e.g. `2 pushed, 1 failed`. */
export function runTally(rows: readonly RunRow[]): string {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.outcome, (counts.get(row.outcome) ?? 0) + 1);
  return [...counts].map(([outcome, n]) => `${n} ${outcome}`).join(', ');
}

const short = (digest: string): string => (digest ? digest.replace(/^sha256:/, '').slice(0, 12) : '-');

/** The terminal form: one line per project. */
export function runSummaryLines(rows: readonly RunRow[]): string[] {
  const width = Math.max(7, ...rows.map((r) => r.project.length));
  return [
    `docker-release: ${rows.length} project(s): ${runTally(rows)}`,
    ...rows.map((r) => `  ${r.project.padEnd(width)}  ${r.outcome.padEnd(9)}  ${(r.version || '-').padEnd(8)}  ${short(r.digest)}  ${r.tags.join(', ') || '-'}${r.reason ? `  (${r.reason})` : ''}`),
  ];
}

// Tags are checked against the tag grammar by the plan; everything else is escaped text.
const cell = markdownText;

/** The step-summary form: one Markdown table, a row per project, then each project's tags (folded). */
export function runSummaryMarkdown(rows: readonly RunRow[], entries: readonly RunEntry[] = []): string {
  const details = [...entries]
    .sort((a, b) => (a.project < b.project ? -1 : 1))
    .filter((e) => e.result?.tagResults.length)
    .flatMap((e) => [
      `<details><summary>${cell(e.project)}: ${e.result?.tagResults.length} tag(s)</summary>`,
      '',
      '| tag | status |',
      '| --- | --- |',
      ...(e.result?.tagResults ?? []).map((t) => `| \`${cell(t.tag)}\` | ${t.status}${t.reason ? `: ${cell(t.reason)}` : ''} |`),
      '',
      '</details>',
      '',
    ]);
  return [
    `### docker-release: ${cell(runTally(rows))}`,
    '',
    '| project | outcome | version | tags | digest | note |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${cell(r.project)} | ${r.outcome} | ${cell(r.version) || '-'} | ${r.tags.map((t) => `\`${cell(t)}\``).join(' ') || '-'} | ${r.digest ? `\`${short(r.digest)}\`` : '-'} | ${cell(r.reason)} |`,
    ),
    '',
    ...details,
  ].join('\n');
}

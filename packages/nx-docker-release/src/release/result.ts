import { keyValueRecord } from '../metadata';
import { markdownText } from './markdown';
import type { Plan } from './types';

export interface TagOutcome {
  tag: string;
  /** skipped: a floating tag left on a later commit's image (with the reason). */
  status: 'pushed' | 'already-present' | 'built' | 'skipped' | 'failed';
  reason?: string;
}

/**
 * How the image came to be: uploaded (built now, over the registry API), promoted / unchanged
 * (an existing image got the tags, nothing was built), merged (an index over a split release's
 * platform images), by-digest (a platform run of a split release), docker-push, build-only.
 */
export type ReleaseSource = 'uploaded' | 'promoted' | 'unchanged' | 'merged' | 'by-digest' | 'docker-push' | 'build-only';

/** What applying a plan did (the engine's answer), before it is shaped into a `ReleaseResult`. */
export interface AppliedRelease {
  builder: 'buildx' | 'classic';
  digest: string;
  tags: TagOutcome[];
  source: ReleaseSource;
  reusedFrom?: string;
  blobs?: { uploaded: number; alreadyPresent: number; copied?: number };
  /** A platform run of a split release: what it published, untagged, and the files naming it. */
  platformDigests?: { platform: string; digest: string }[];
  digestFiles?: string[];
  /** A reused image keeps its own config: the labels it really carries. */
  labels?: Record<string, string>;
  attestations?: ReleaseResult['attestations'];
  signatures?: ReleaseResult['signatures'];
  warnings?: string[];
}

/** What a release produced: returned by the executor and written to the result file. */
export interface ReleaseResult {
  project: string;
  /** by-digest: a platform run of a split release published its images untagged (see platformDigests). */
  status: 'released' | 'built' | 'by-digest' | 'skipped' | 'failed';
  reason?: string;
  images: string[];
  version: string;
  ref: string;
  sha: string;
  builder?: 'buildx' | 'classic';
  source?: ReleaseSource;
  reusedFrom?: string;
  blobs?: { uploaded: number; alreadyPresent: number; copied?: number };
  platformDigests?: { platform: string; digest: string }[];
  digestFiles?: string[];
  digest: string;
  tags: string[];
  tagResults: TagOutcome[];
  labels: Record<string, string>;
  /** SLSA provenance in the pushed index: the attestation manifest per platform image. */
  attestations?: { platform: string; subject: string; digest: string }[];
  /** cosign signatures of the digest, one per image repository. */
  signatures?: { ref: string; status: 'signed' | 'already-signed' | 'failed'; reason?: string }[];
  /** What went wrong without failing the release: a layer cache import BuildKit gave up on. */
  warnings?: string[];
}

export function resultOf(plan: Plan, applied?: AppliedRelease): ReleaseResult {
  if (plan.kind === 'skip') {
    return { project: plan.project, status: 'skipped', reason: plan.reason, images: [], version: '', ref: '', sha: '', digest: '', tags: [], tagResults: [], labels: {} };
  }
  const byDigest = applied?.platformDigests !== undefined;
  const tagResults = byDigest ? [] : applied?.tags.length ? applied.tags : plan.tags.map((tag) => ({ tag, status: 'built' as const }));
  const failed = tagResults.filter((t) => t.status === 'failed');
  const unsigned = (applied?.signatures ?? []).filter((s) => s.status === 'failed');
  const reasons = [...(failed.length ? [`${failed.length} tag(s) failed to push`] : []), ...unsigned.map((s) => `signing ${s.ref} failed: ${s.reason ?? ''}`)];
  return {
    project: plan.project,
    status: reasons.length ? 'failed' : byDigest ? 'by-digest' : plan.push ? 'released' : 'built',
    ...(reasons.length ? { reason: reasons.join('; ') } : {}),
    images: plan.images,
    version: plan.version,
    ref: plan.ref,
    sha: plan.sha,
    builder: applied?.builder,
    ...(applied?.source ? { source: applied.source } : {}),
    ...(applied?.reusedFrom ? { reusedFrom: applied.reusedFrom } : {}),
    ...(applied?.blobs ? { blobs: applied.blobs } : {}),
    ...(applied?.platformDigests ? { platformDigests: applied.platformDigests, digestFiles: applied.digestFiles ?? [] } : {}),
    digest: applied?.digest ?? '',
    // A platform run tags nothing: the merge step does. Tags kept on a later image, or failed, are not this release's.
    tags: byDigest ? [] : applied?.tags.length ? plan.tags.filter((tag) => applied.tags.some((t) => t.tag === tag && (t.status === 'pushed' || t.status === 'already-present'))) : plan.tags,
    tagResults,
    // What the registry holds: a reused image's own labels, else the ones this build set.
    ...(applied?.attestations?.length ? { attestations: applied.attestations } : {}),
    ...(applied?.signatures?.length ? { signatures: applied.signatures } : {}),
    ...(applied?.warnings?.length ? { warnings: applied.warnings } : {}),
    labels: applied?.labels ?? keyValueRecord(plan.labels),
  };
}

/** GitHub Actions step outputs (name -> value; multi-line values allowed). */
export function githubOutputs(result: ReleaseResult): Record<string, string> {
  return {
    status: result.status,
    version: result.version,
    digest: result.digest,
    tags: result.tags.join('\n'),
    ...(result.platformDigests ? { 'platform-digests': result.platformDigests.map((p) => `${p.platform}=${p.digest}`).join('\n') } : {}),
    labels: Object.entries(result.labels)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n'),
    json: JSON.stringify(result),
  };
}

/** A Markdown table for $GITHUB_STEP_SUMMARY. */
export function stepSummary(result: ReleaseResult): string {
  const cell = markdownText;
  // Nothing was built: no digest, no tag table, only why.
  if (result.status === 'skipped') return [`### ${result.project}: skipped`, '', cell(result.reason ?? ''), ''].join('\n');
  const rows = result.tagResults.map((t) => `| \`${cell(t.tag)}\` | ${t.status}${t.reason ? `: ${cell(t.reason)}` : ''} |`);
  return [
    `### ${result.project}: ${result.status}${result.reason ? ` (${cell(result.reason)})` : ''}`,
    '',
    `Digest: \`${result.digest || 'n/a'}\` · version: \`${result.version || 'n/a'}\` · commit: \`${result.sha.slice(0, 12)}\``,
    '',
    ...(result.warnings ?? []).flatMap((w) => [`> [!WARNING]`, `> ${w.replace(/\r?\n/g, ' ')}`, '']),
    '| tag | status |',
    '| --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

/**
 * A release that stopped before the registry held anything this run can vouch for: no digest, no
 * tag, the one-line reason. What the result file and the outputs say after a failed run.
 */
export function failedResult(plan: Plan, reason: string): ReleaseResult {
  return { ...resultOf(plan), status: 'failed', reason, digest: '', tags: [], tagResults: [] };
}

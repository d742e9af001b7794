import { resultOf, stepSummary } from './result';
import { runRows, runSummaryMarkdown } from './run-summary';
import type { ReleasePlan } from './types';

const plan: ReleasePlan = {
  kind: 'release',
  project: 'api',
  images: ['r.example/org/api'],
  version: '1.0.0',
  tags: ['r.example/org/api:1.0.0'],
  labels: ['org.opencontainers.image.version=1.0.0'],
  annotations: [],
  reads: [],
  warnings: [],
  ref: 'refs/tags/1.0.0',
  sha: 'c'.repeat(40),
  push: true,
  steps: [],
  resultFile: 'dist/api.json',
};
const DIGEST = `sha256:${'e'.repeat(64)}`;

describe('resultOf: what the run reports is what it did', () => {
  it('attestations and signatures are reported; a failed signature fails the release, naming the reference', () => {
    const applied = {
      builder: 'buildx' as const,
      source: 'uploaded' as const,
      digest: DIGEST,
      tags: [{ tag: 'r.example/org/api:1.0.0', status: 'pushed' as const }],
      attestations: [{ platform: 'linux/amd64', subject: DIGEST, digest: DIGEST }],
    };
    const ok = resultOf(plan, { ...applied, signatures: [{ ref: `r.example/org/api@${DIGEST}`, status: 'signed' }] });
    expect(ok).toMatchObject({ status: 'released', attestations: applied.attestations, signatures: [{ status: 'signed' }] });
    expect(ok.reason).toBeUndefined();
    const bad = resultOf(plan, { ...applied, signatures: [{ ref: `r.example/org/api@${DIGEST}`, status: 'failed', reason: 'no key' }] });
    expect(bad).toMatchObject({ status: 'failed', reason: `signing r.example/org/api@${DIGEST} failed: no key` });
  });

  it('tags lists what the release holds, in the plan order: a floating tag kept on a later image is skipped, not listed, and fails nothing', () => {
    const three = { ...plan, tags: ['r.example/org/api:latest', 'r.example/org/api:1.0.0', 'r.example/org/api:sha-ccccccc'] };
    const result = resultOf(three, {
      builder: 'buildx',
      source: 'uploaded',
      digest: DIGEST,
      tags: [
        { tag: 'r.example/org/api:sha-ccccccc', status: 'pushed' },
        { tag: 'r.example/org/api:1.0.0', status: 'already-present' },
        { tag: 'r.example/org/api:latest', status: 'skipped', reason: 'kept: latest holds an image of a later commit' },
      ],
    });
    expect(result).toMatchObject({ status: 'released', tags: ['r.example/org/api:1.0.0', 'r.example/org/api:sha-ccccccc'] });
  });

  it('nothing attested or signed leaves the fields out', () => {
    const result = resultOf(plan, { builder: 'buildx', source: 'uploaded', digest: DIGEST, tags: [{ tag: 'r.example/org/api:1.0.0', status: 'pushed' }] });
    expect(result).not.toHaveProperty('attestations');
    expect(result).not.toHaveProperty('signatures');
  });

  it('a warning (a cache import that failed) is in the result, the step summary and the run summary, and fails nothing', () => {
    const warning = 'cacheFrom: importing the layer cache r.example/org/api:buildcache failed (401 Unauthorized): the build ran without it';
    const result = resultOf(plan, { builder: 'buildx', source: 'uploaded', digest: DIGEST, tags: [{ tag: 'r.example/org/api:1.0.0', status: 'pushed' }], warnings: [warning] });
    expect(result).toMatchObject({ status: 'released', warnings: [warning] });
    expect(stepSummary(result)).toContain(`> ${warning}`);
    const rows = runRows([{ project: 'api', target: 'release', result }]);
    expect(rows[0]).toMatchObject({ outcome: 'pushed', reason: `warning: ${warning}` });
    expect(runSummaryMarkdown(rows)).toContain(`warning: ${warning}`);
  });
});

import { isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { usesAction, type BuildUnit } from './read-workflow';

/** What became of the old workflow once its builds are release targets. */
export type WorkflowFate = { kind: 'edited'; text: string; changes: string[] } | { kind: 'deleted'; changes: string[] } | { kind: 'unchanged' };

/** Steps that only serve a docker build: removed with it unless docker work is left in the job. */
const DOCKER_TOOLS = ['docker/login-action', 'docker/metadata-action', 'docker/setup-buildx-action', 'docker/setup-qemu-action'];
/** What no job runs for alone. */
const NO_WORK = ['actions/checkout'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Removes what the release targets replace, so the old workflow no longer pushes the same tags:
 * each converted build step, the steps that read its outputs (digest echo, cosign, attestations),
 * and the login, metadata, Buildx and QEMU steps once no docker work is left in the job. A job
 * left with nothing but a checkout goes, and with it the `needs:` naming it; a push-by-digest
 * build job and its merge job exist only for the image and go whole; no job left: the file goes.
 * Unrelated jobs, comments and layout stay.
 */
export function retireWorkflow(text: string, converted: readonly BuildUnit[], notConverted: readonly BuildUnit[] = []): WorkflowFate {
  const doc = parseDocument(text);
  const jobs = doc.get('jobs');
  if (!isMap(jobs)) return { kind: 'unchanged' };
  const plain = doc.toJS() as { jobs: Record<string, unknown> };
  const changes: string[] = [];
  const removedJobs = new Set<string>();
  for (const unit of converted) {
    if (!unit.digestMerge) continue;
    for (const [job, why] of [
      [unit.job, 'it pushed each platform by digest'],
      [unit.digestMerge.job, 'it joined the digests'],
    ] as const) {
      if (!removedJobs.has(job)) changes.push(`job ${job} removed (${why})`);
      removedJobs.add(job);
    }
  }
  const builds = new Map<string, Set<number>>();
  for (const unit of converted) if (!unit.digestMerge) builds.set(unit.job, (builds.get(unit.job) ?? new Set<number>()).add(unit.build.index));
  for (const [job, indexes] of builds) {
    if (removedJobs.has(job)) continue; // a merge job's own build goes with it
    const seq = doc.getIn(['jobs', job, 'steps']);
    const raw = isObj(plain.jobs[job]) ? plain.jobs[job]['steps'] : undefined;
    if (!isSeq(seq) || !Array.isArray(raw)) continue;
    // The job's steps as read-workflow counts them (mappings only), each with its place in the sequence.
    const steps = raw.flatMap((value: unknown, at) => (isObj(value) ? [{ value, at }] : []));
    const removed = stepsToRemove(
      steps.map((s) => s.value),
      indexes,
    );
    const lost = notConverted.filter((unit) => unit.job === job && removed.has(unit.build.index)).map((unit) => unit.entry ?? `step "${unit.build.label}"`);
    if (lost.length) changes.push(`job ${job}: the removed build step also built ${lost.join('; ')}, which no target replaces`);
    const left = steps.filter((_, i) => !removed.has(i));
    if (left.every((s) => NO_WORK.some((action) => usesAction(s.value['uses'], action)))) {
      removedJobs.add(job);
      changes.push(`job ${job} removed (${left.length ? 'only its checkout was left' : 'no step was left'})`);
      continue;
    }
    const inOrder = [...removed].sort((a, b) => a - b);
    for (const i of [...inOrder].reverse()) seq.items.splice(steps[i]!.at, 1);
    changes.push(`job ${job}: steps removed: ${inOrder.map((i) => `"${label(steps[i]!.value, i)}"`).join(', ')}`);
    const outputs = JSON.stringify((plain.jobs[job] as Obj)['outputs'] ?? {});
    const gone = inOrder.map((i) => str(steps[i]!.value['id'])).filter((id) => id && outputs.includes(`steps.${id}.`));
    if (gone.length) changes.push(`job ${job}: its outputs read the removed step(s) ${gone.join(', ')}: check the jobs that need it`);
  }
  if (changes.length === 0) return { kind: 'unchanged' };
  for (const job of removedJobs) jobs.delete(job);
  if (jobs.items.length === 0) return { kind: 'deleted', changes: [...changes, 'no job was left'] };
  changes.push(...fixNeeds(doc, removedJobs));
  return { kind: 'edited', text: doc.toString({ lineWidth: 0, flowCollectionPadding: false }), changes };
}

/** The converted builds, what reads their outputs, and the docker tooling once nothing else uses it. */
function stepsToRemove(steps: Obj[], builds: Set<number>): Set<number> {
  const removed = new Set(builds);
  for (let grew = true; grew;) {
    grew = false;
    const left = steps.map((_, i) => i).filter((i) => !removed.has(i));
    const ids = [...removed].map((i) => str(steps[i]!['id'])).filter(Boolean);
    const dockerLeft = left.some((i) => ['docker/build-push-action', 'docker/bake-action'].some((a) => usesAction(steps[i]!['uses'], a)) || /\bdocker\b/.test(str(steps[i]!['run'])));
    const cosignLeft = left.some((i) => /\bcosign\b/.test(str(steps[i]!['run'])));
    for (const i of left) {
      const step = steps[i]!;
      const json = JSON.stringify(step);
      const readsRemoved = ids.some((id) => json.includes(`steps.${id}.`));
      const signs = /\bcosign\s+(sign|attest)\b/.test(str(step['run'])); // the target signs (or the generator said why not)
      const tool = !dockerLeft && DOCKER_TOOLS.some((a) => usesAction(step['uses'], a));
      const installer = !cosignLeft && usesAction(step['uses'], 'sigstore/cosign-installer');
      if (readsRemoved || signs || tool || installer) {
        removed.add(i);
        grew = true;
      }
    }
  }
  return removed;
}

/** `needs:` no longer names a removed job; a job reading such a job's outputs is named. */
function fixNeeds(doc: Document, removedJobs: Set<string>): string[] {
  const notes: string[] = [];
  const jobs = doc.get('jobs');
  if (!isMap(jobs)) return notes;
  for (const pair of jobs.items) {
    const name = String(isScalar(pair.key) ? pair.key.value : pair.key);
    if (!isMap(pair.value)) continue;
    const job = pair.value;
    const needs = job.get('needs', true);
    const gone = (v: unknown) => removedJobs.has(String(isScalar(v) ? v.value : v));
    const dropped: string[] = [];
    if (isScalar(needs) && gone(needs)) {
      dropped.push(String(needs.value));
      job.delete('needs');
    } else if (isSeq(needs)) {
      for (const item of [...needs.items]) if (gone(item)) dropped.push(String(isScalar(item) ? item.value : item));
      needs.items = needs.items.filter((item) => !gone(item));
      if (needs.items.length === 0) job.delete('needs');
    }
    if (dropped.length) notes.push(`job ${name}: needs no longer lists ${dropped.join(', ')}`);
    const json = JSON.stringify(job.toJSON());
    for (const removed of dropped) if (json.includes(`needs.${removed}.`)) notes.push(`job ${name} reads needs.${removed}, which is gone: check it`);
  }
  return notes;
}

function label(step: Obj, i: number): string {
  return str(step['name']) || str(step['id']) || str(step['uses']) || `step ${i + 1}`;
}

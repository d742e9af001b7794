import { parse } from 'yaml';
import { Later, renderTemplate, templateOf, templateValue, type Scope, type Value } from '../../release/expressions/evaluate';
import { GeneratorOptionError } from '../shared/option-error';
import { expandMatrix } from './matrix';
import { shellEnv, shellOutputs } from './shell-env';

export interface WorkflowStep {
  /** For messages: the step's name, id or uses. */
  label: string;
  /** Its place among the job's steps (what editing the workflow file finds it by). */
  index: number;
  id?: string;
  uses?: string;
  /** A `run:` step's script. */
  run?: string;
  /** The step's condition, as written. */
  if?: string;
  with: Record<string, string>;
  /** Workflow, job and step env merged, as written (for reading which secret a variable holds). */
  env: Record<string, string>;
  /**
   * What a `run:` script sees as its environment, evaluated in the step's scope and written back
   * as templates (run-time parts stay `${{ }}`): workflow and job env, earlier $GITHUB_ENV writes,
   * the step's env. `lower`: a write lower-cased a value only known at run time.
   */
  runEnv: Record<string, { value: string; lower: boolean }>;
  /** What the step's values are evaluated with: env evaluated level by level, the matrix entry. */
  scope: Scope;
  /** Variables earlier `run:` steps wrote to $GITHUB_ENV that the generator could read (raw, lower-cased or not). */
  shellEnv: Record<string, { value: string; lower: boolean }>;
  /** The outputs of earlier `run:` steps (by step id) that the generator could read. */
  shellOutputs: Record<string, Record<string, { value: string; lower: boolean }>>;
}

/** One docker/build-push-action step, in one matrix entry of its job: one release target. */
export interface BuildUnit {
  job: string;
  /** The matrix entry, as `key=value` pairs, when the job has a matrix. */
  entry?: string;
  /** All steps of the job, evaluated for this entry. */
  steps: WorkflowStep[];
  build: WorkflowStep;
  /** The job's condition, as written. */
  jobIf?: string;
  /** The jobs the docker job waits for (`needs`), with what their steps use or run. */
  needs: { job: string; does: string }[];
  /** The job's token permissions (its own, else the workflow's) as `scope: level` lines. */
  permissions: string[];
  /**
   * The per-platform runs of a push-by-digest build joined into this one: all their platforms,
   * and the steps of the merge job's run that tags the index (its metadata step gives the tags).
   */
  digestMerge?: { job: string; platforms: string[]; steps?: WorkflowStep[]; jobIf?: string };
}

export interface Workflow {
  on: unknown;
  /** Every build step of every job, once per matrix entry, in file order. */
  units: BuildUnit[];
  /** What could not be read (a matrix given as an expression). */
  notes: string[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (x: unknown): string => (typeof x === 'string' ? x : typeof x === 'object' && x !== null ? JSON.stringify(x) : String(x));
const stringMap = (v: unknown): Record<string, string> => (isObj(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, text(x)])) : {});

/**
 * Contexts that become environment variables of the release (repository variables, inputs).
 * Secrets stay `secrets.X`: where one ends up decides what it becomes (a login or BuildKit secret
 * variable), and anywhere else (a build arg, a label, an image name) it is refused.
 */
const AS_ENV = { vars: 'env', inputs: 'env' };

/** Parses workflow YAML and finds every build; the option is named on every error. */
export function readWorkflow(path: string, source: string): Workflow {
  let doc: unknown;
  try {
    doc = parse(source);
  } catch (err) {
    throw new GeneratorOptionError('workflow', `${path} is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!isObj(doc) || !isObj(doc['jobs'])) throw new GeneratorOptionError('workflow', `${path} has no jobs: it is not a GitHub workflow`);
  const jobs = doc['jobs'];
  const notes: string[] = [];
  const units: BuildUnit[] = [];
  const workflowEnv = evaluatedEnv(doc['env'], {}, {});
  const runs = (name: string, job: Obj) => {
    const matrix = expandMatrix(isObj(job['strategy']) ? job['strategy']['matrix'] : undefined);
    if (matrix.note) notes.push(`job ${name}: ${matrix.note}`);
    return matrix.entries.map((entry) => ({ entry, steps: jobSteps(job, entry, workflowEnv) }));
  };
  for (const [name, job] of Object.entries(jobs)) {
    if (!isObj(job) || !stepsOf(job).some((s) => usesAction(s['uses'], 'docker/build-push-action'))) continue;
    const needed = Array.isArray(job['needs']) ? job['needs'] : typeof job['needs'] === 'string' ? [job['needs']] : [];
    const needs = needed.map(String).map((n) => ({
      job: n,
      does: [
        n,
        ...(isObj(jobs[n]) && typeof jobs[n]['name'] === 'string' ? [jobs[n]['name']] : []),
        ...stepsOf(jobs[n]).map((s) => `${text(s['name'] ?? '')} ${text(s['uses'] ?? '')} ${text(s['run'] ?? '')}`),
      ].join('\n'),
    }));
    const permissions = permissionLines(job['permissions'] !== undefined ? job['permissions'] : doc['permissions']);
    const merge = mergeJobOf(name, jobs);
    const mergeRuns = merge ? runs(merge, jobs[merge] as Obj) : [];
    const jobUnits: BuildUnit[] = [];
    for (const { entry, steps } of runs(name, job)) {
      for (const build of steps.filter((s) => usesAction(s.uses, 'docker/build-push-action'))) {
        jobUnits.push({
          job: name,
          ...(entry === undefined ? {} : { entry: entryLabel(entry) }),
          steps,
          build,
          ...(job['if'] !== undefined ? { jobIf: text(job['if']) } : {}),
          needs,
          permissions,
        });
      }
    }
    units.push(...(merge ? mergeDigestBuilds(jobUnits, merge, mergeRuns, jobs[merge] as Obj) : jobUnits));
  }
  if (units.length === 0) throw new GeneratorOptionError('workflow', `${path} has no docker/build-push-action step: nothing to translate`);
  return { on: doc['on'], units, notes };
}

/** One run of a job (one matrix entry): its steps, each with the env and matrix it sees. */
function jobSteps(job: Obj, entry: Record<string, Value> | undefined, workflowEnv: { values: Record<string, Value>; raw: Record<string, string> }): WorkflowStep[] {
  const matrixValues: Record<string, Value> = entry === undefined ? {} : { matrix: entry };
  const jobEnv = { ...workflowEnv.values, ...evaluatedEnv(job['env'], workflowEnv.values, matrixValues).values };
  const jobRaw = { ...workflowEnv.raw, ...stringMap(job['env']) };
  // Variables earlier run steps wrote to $GITHUB_ENV (the common idioms only) count as env of the later steps.
  const written: Record<string, { value: string; lower: boolean }> = {};
  const outputs: Record<string, Record<string, { value: string; lower: boolean }>> = {};
  return stepsOf(job).map((s, i): WorkflowStep => {
    const shellValues = Object.fromEntries(Object.entries(written).map(([k, w]) => [k, shellValue(w, scopeOf(jobEnv, matrixValues))]));
    const above = { ...jobEnv, ...shellValues };
    const stepValues: Record<string, Value> = Object.fromEntries(
      Object.entries(outputs).map(([id, out]) => [id, { outputs: Object.fromEntries(Object.entries(out).map(([k, w]) => [k, shellValue(w, scopeOf(above, matrixValues))])) }]),
    );
    const withSteps = Object.keys(stepValues).length ? { ...matrixValues, steps: stepValues } : matrixValues;
    const stepEnv = evaluatedEnv(s['env'], above, withSteps);
    const envValues: Record<string, Value> = { ...above, ...stepEnv.values };
    // A lower-cased write whose value the run decides keeps its flag, unless the step's env replaces it.
    const runEnv = Object.fromEntries(Object.entries(envValues).map(([k, v]) => [k, { value: templateOf(v), lower: written[k]?.lower === true && v instanceof Later && !(k in stepEnv.values) }]));
    const step: WorkflowStep = {
      label: text(s['name'] ?? s['id'] ?? s['uses'] ?? `step ${i + 1}`),
      index: i,
      ...(typeof s['id'] === 'string' ? { id: s['id'] } : {}),
      ...(typeof s['uses'] === 'string' ? { uses: s['uses'] } : {}),
      ...(typeof s['run'] === 'string' ? { run: s['run'] } : {}),
      ...(s['if'] !== undefined ? { if: text(s['if']) } : {}),
      with: stringMap(s['with']),
      env: { ...jobRaw, ...stepEnv.raw },
      runEnv,
      scope: scopeOf(envValues, withSteps),
      shellEnv: { ...written },
      shellOutputs: { ...outputs },
    };
    if (typeof s['run'] === 'string') {
      // GitHub evaluates a script's ${{ }} parts in the step's own scope, before the script runs.
      const atStep = (w: { value: string; lower: boolean }) => ({ value: renderSafely(w.value, step.scope), lower: w.lower });
      for (const w of shellEnv(s['run'], 'GITHUB_ENV', runEnv)) written[w.name] = atStep(w);
      const read = typeof s['id'] === 'string' ? shellOutputs(s['run'], runEnv) : undefined;
      if (read) outputs[s['id'] as string] = Object.fromEntries(read.map((w) => [w.name, atStep(w)]));
    }
    return step;
  });
}

/**
 * Docker's "distribute the build across runners" pattern: a build job pushes each platform by
 * digest (`outputs: ...push-by-digest=true`), a later job that needs it computes the tags with
 * metadata-action and joins the digests (`docker buildx imagetools create`). That later job.
 */
function mergeJobOf(build: string, jobs: Obj): string | undefined {
  const job = jobs[build];
  if (!stepsOf(job).some((s) => usesAction(s['uses'], 'docker/build-push-action') && /push-by-digest=true/.test(text(isObj(s['with']) ? (s['with']['outputs'] ?? '') : '')))) return undefined;
  return Object.entries(jobs).find(([, other]) => {
    if (!isObj(other)) return false;
    const needs = [other['needs']].flat().map(String);
    const steps = stepsOf(other);
    return needs.includes(build) && steps.some((s) => usesAction(s['uses'], 'docker/metadata-action')) && steps.some((s) => /imagetools\s+create/.test(text(s['run'] ?? '')));
  })?.[0];
}

/**
 * The per-platform runs of one image become one build of all their platforms (the executor
 * publishes the index itself); its tags come from the merge job's run that names the same image.
 */
function mergeDigestBuilds(units: BuildUnit[], mergeJob: string, mergeRuns: { entry?: Record<string, Value>; steps: WorkflowStep[] }[], merge: Obj): BuildUnit[] {
  const imageOf = (steps: WorkflowStep[]) => {
    const meta = steps.find((s) => usesAction(s.uses, 'docker/metadata-action'));
    return meta ? renderSafely(meta.with['images'] ?? '', meta.scope) : '';
  };
  const groups = new Map<string, BuildUnit[]>();
  for (const unit of units) {
    const key = [imageOf(unit.steps), renderSafely(unit.build.with['context'] ?? '', unit.build.scope), renderSafely(unit.build.with['file'] ?? '', unit.build.scope)].join('\n');
    groups.set(key, [...(groups.get(key) ?? []), unit]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0]!;
    const platforms = [
      ...new Set(
        group.flatMap((u) =>
          renderSafely(u.build.with['platforms'] ?? '', u.build.scope)
            .split(/[\n,]/)
            .map((p) => p.trim())
            .filter(Boolean),
        ),
      ),
    ];
    const run = mergeRuns.find((r) => imageOf(r.steps) === imageOf(first.steps));
    return {
      ...first,
      ...(group.length > 1 && first.entry ? { entry: group.map((u) => u.entry).join(' + ') } : {}),
      digestMerge: {
        job: mergeJob,
        platforms,
        ...(run ? { steps: run.steps, ...(merge['if'] !== undefined ? { jobIf: text(merge['if']) } : {}) } : {}),
      },
    };
  });
}

/** A value a run step wrote, evaluated; lower-cased when the step lower-cases it and it is known now (else it stays an expression, in its case). */
function shellValue(written: { value: string; lower: boolean }, scope: Scope): Value {
  const value = safeTemplate(written.value, scope);
  return written.lower && typeof value === 'string' ? value.toLowerCase() : value;
}

function safeTemplate(value: string, scope: Scope): Value {
  try {
    return templateValue(value, scope);
  } catch {
    return new Later({ kind: 'context', name: 'steps' });
  }
}

/** A template rendered for comparison; a broken expression compares as written. */
function renderSafely(value: string, scope: Scope): string {
  try {
    return renderTemplate(value, scope);
  } catch {
    return value;
  }
}

const scopeOf = (env: Record<string, Value>, matrix: Record<string, Value>): Scope => ({ values: { env, ...matrix }, aliases: AS_ENV, open: ['env', 'steps'] });

/** An env block: each value evaluated with the levels above it (GitHub's order). */
function evaluatedEnv(raw: unknown, above: Record<string, Value>, matrix: Record<string, Value>): { values: Record<string, Value>; raw: Record<string, string> } {
  const strings = stringMap(raw);
  const values: Record<string, Value> = {};
  for (const [key, value] of Object.entries(strings)) {
    try {
      // Earlier entries of the same block are visible too (lenient: GitHub keeps env out of the workflow level).
      values[key] = templateValue(value, scopeOf({ ...above, ...values }, matrix));
    } catch {
      values[key] = value; // a broken expression is reported where it is used
    }
  }
  return { values, raw: strings };
}

function entryLabel(entry: Record<string, Value>): string {
  return Object.entries(entry)
    .map(([k, v]) => `${k}=${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
    .join(', ');
}

/** `permissions: write-all` grants every scope; a map lists them. */
function permissionLines(raw: unknown): string[] {
  if (raw === 'write-all') return ['id-token: write', 'packages: write', 'contents: write'];
  return isObj(raw) ? Object.entries(raw).map(([scope, level]) => `${scope}: ${text(level)}`) : [];
}

function stepsOf(job: unknown): Obj[] {
  return isObj(job) && Array.isArray(job['steps']) ? job['steps'].filter(isObj) : [];
}

/** `docker/login-action@v3` and `docker/login-action@<sha>` both match. */
export function usesAction(uses: unknown, action: string): boolean {
  return typeof uses === 'string' && uses.toLowerCase().split('@')[0] === action;
}

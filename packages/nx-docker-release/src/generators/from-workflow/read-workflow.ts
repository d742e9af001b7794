import { parse } from 'yaml';
import { GeneratorOptionError } from '../shared/option-error';

export interface WorkflowStep {
  /** For messages: the step's name, id or uses. */
  label: string;
  id?: string;
  uses?: string;
  /** A `run:` step's script. */
  run?: string;
  with: Record<string, string>;
  /** Workflow, job and step env merged, as the step's `with` sees it. */
  env: Record<string, string>;
}

export interface DockerJob {
  job: string;
  steps: WorkflowStep[];
  /** Jobs after the first that also build with docker/build-push-action: not translated. */
  otherBuildJobs: string[];
  /** The jobs the docker job waits for (`needs`), with what their steps use or run. */
  needs: { job: string; does: string }[];
  /** The job's token permissions (its own, else the workflow's) as `scope: level` lines. */
  permissions: string[];
}

export interface Workflow {
  on: unknown;
  /** The first job that runs docker/build-push-action. */
  dockerJob: DockerJob;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const stringMap = (v: unknown): Record<string, string> =>
  isObj(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === 'string' ? x : String(x)])) : {};

/** Parses workflow YAML and locates the docker job; the option is named on every error. */
export function readWorkflow(path: string, text: string): Workflow {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new GeneratorOptionError('workflow', `${path} is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!isObj(doc) || !isObj(doc['jobs'])) throw new GeneratorOptionError('workflow', `${path} has no jobs: it is not a GitHub workflow`);
  const workflowEnv = stringMap(doc['env']);
  const buildJobs = Object.entries(doc['jobs']).filter(([, job]) => stepsOf(job).some((s) => usesAction(s['uses'], 'docker/build-push-action')));
  if (buildJobs.length === 0) throw new GeneratorOptionError('workflow', `${path} has no docker/build-push-action step: nothing to translate`);
  const [name, job] = buildJobs[0]!;
  const jobEnv = { ...workflowEnv, ...stringMap(isObj(job) ? job['env'] : undefined) };
  const steps = stepsOf(job).map((s, i) => ({
    label: String(s['name'] ?? s['id'] ?? s['uses'] ?? `step ${i + 1}`),
    ...(typeof s['id'] === 'string' ? { id: s['id'] } : {}),
    ...(typeof s['uses'] === 'string' ? { uses: s['uses'] } : {}),
    ...(typeof s['run'] === 'string' ? { run: s['run'] } : {}),
    with: stringMap(s['with']),
    env: { ...jobEnv, ...stringMap(s['env']) },
  }));
  const jobs = doc['jobs'];
  const needed = isObj(job) ? (Array.isArray(job['needs']) ? job['needs'] : typeof job['needs'] === 'string' ? [job['needs']] : []) : [];
  const needs = needed.map(String).map((n) => ({
    job: n,
    does: [n, ...(isObj(jobs[n]) && typeof jobs[n]['name'] === 'string' ? [jobs[n]['name']] : []), ...stepsOf(jobs[n]).map((s) => `${s['name'] ?? ''} ${s['uses'] ?? ''} ${s['run'] ?? ''}`)].join('\n'),
  }));
  const permissions = permissionLines(isObj(job) && job['permissions'] !== undefined ? job['permissions'] : doc['permissions']);
  return { on: doc['on'], dockerJob: { job: name, steps, otherBuildJobs: buildJobs.slice(1).map(([n]) => n), needs, permissions } };
}

/** `permissions: write-all` grants every scope; a map lists them. */
function permissionLines(raw: unknown): string[] {
  if (raw === 'write-all') return ['id-token: write', 'packages: write', 'contents: write'];
  return isObj(raw) ? Object.entries(raw).map(([scope, level]) => `${scope}: ${String(level)}`) : [];
}

function stepsOf(job: unknown): Obj[] {
  return isObj(job) && Array.isArray(job['steps']) ? job['steps'].filter(isObj) : [];
}

/** `docker/login-action@v3` and `docker/login-action@<sha>` both match. */
export function usesAction(uses: unknown, action: string): boolean {
  return typeof uses === 'string' && uses.toLowerCase().split('@')[0] === action;
}

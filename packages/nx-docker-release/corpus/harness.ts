/**
 * The from-workflow corpus: real public workflows (workflows/*.yml, each headed by its source),
 * run in the GitHub contexts their triggers name. Per context, "upstream" is what the workflow
 * itself computes: GitHub's expressions evaluated with the full context, each docker/metadata-action
 * step computed by this repository's metadata engine (validated against upstream's vectors,
 * src/metadata/conformance.spec.ts), then the build step's `tags` input evaluated and split as
 * build-push-action splits it. "Ours" is the translated target's plan (planRelease) in the same
 * context. Pure: no Docker, no files written.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { githubActionsContext } from '../src/facts/git/github-actions';
import { readWorkflow, usesAction, type BuildUnit } from '../src/generators/from-workflow/read-workflow';
import { translateWorkflow } from '../src/generators/from-workflow/translate-workflow';
import { computeMetadata, parseInputList } from '../src/metadata';
import { evaluate, Later, renderTemplate, templateValue, truthy, type Scope, type Value } from '../src/release/expressions/evaluate';
import { githubContext } from '../src/release/expressions/github-context';
import { parseExpression } from '../src/release/expressions/parse';
import { expressionEnvNames } from '../src/release/expressions/run-time';
import type { GitContext } from '../src/release/git-context';
import type { DockerReleaseOptions } from '../src/release/options';
import { planRelease } from '../src/release/plan';

export const CORPUS_DIR = join(__dirname, 'workflows');
const SHA = '5e1f0c3b2a4d6e8f90123456789abcdef0123456';
const NOW = new Date('2026-12-01T12:00:00Z');

export interface CorpusContext {
  label: string;
  env: Record<string, string>;
  payload: Record<string, unknown>;
}

export interface Row {
  file: string;
  source: string;
  context: string;
  build: string;
  /** The generator produced a target with images for this build. */
  translated: boolean;
  upstream?: string[];
  ours?: string[];
  /** equal | differ | not-run (the workflow's job or step condition is false here) | unknown (upstream tags need a run step) */
  verdict: 'equal' | 'differ' | 'not-run' | 'unknown' | 'not-translated';
  note: string;
}

export function corpusFiles(): string[] {
  return readdirSync(CORPUS_DIR)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
}

/** The workflow text without its `# source:` header, and the header's URL. */
export function readCorpusFile(file: string): { source: string; text: string; repository: string } {
  const raw = readFileSync(join(CORPUS_DIR, file), 'utf8');
  const [header, ...rest] = raw.split('\n');
  const source = /^# source: (\S+)$/.exec(header ?? '')?.[1];
  if (!source) throw new Error(`${file}: the first line must be "# source: <url>"`);
  const repository = /github\.com\/([^/]+\/[^/]+)\//.exec(source)?.[1] ?? 'owner/repo';
  return { source, text: rest.join('\n'), repository };
}

/** One context per trigger the workflow names: a branch push, a tag push per filter, a pull request, a release, a manual run. */
export function contextsOf(on: unknown, repository: string): CorpusContext[] {
  const triggers: Record<string, unknown> =
    typeof on === 'string' ? { [on]: null } : Array.isArray(on) ? Object.fromEntries(on.map((e) => [String(e), null])) : ((on as Record<string, unknown>) ?? {});
  const push = triggers['push'] as Record<string, unknown> | null | undefined;
  const branchList = (t: unknown): string[] =>
    t && typeof t === 'object' && Array.isArray((t as Record<string, unknown>)['branches']) ? ((t as Record<string, unknown>)['branches'] as unknown[]).map(String) : [];
  const branches = branchList(push);
  const literal = branches.find((b) => !/[*?[!]/.test(b));
  const main = branches.length === 0 || branches.includes('main') ? 'main' : (literal ?? 'main');
  const base = (event: string, ref: string, payload: Record<string, unknown> = {}): CorpusContext => ({
    label: '',
    env: { GITHUB_EVENT_NAME: event, GITHUB_REF: ref, GITHUB_SHA: SHA, GITHUB_REPOSITORY: repository, GITHUB_ACTOR: 'octocat', GITHUB_RUN_NUMBER: '17' },
    payload: { repository: { default_branch: main, name: repository.split('/')[1], full_name: repository, html_url: `https://github.com/${repository}` }, ...payload },
  });
  const out: CorpusContext[] = [];
  const tagFilters = push && typeof push === 'object' ? [push['tags']].flat().filter((t): t is string => typeof t === 'string') : [];
  if ('push' in triggers && (branches.length > 0 || tagFilters.length === 0)) out.push({ ...base('push', `refs/heads/${main}`), label: `push ${main}` });
  for (const filter of tagFilters) {
    const tag = sampleTag(filter);
    if (tag && !out.some((c) => c.env['GITHUB_REF'] === `refs/tags/${tag}`)) out.push({ ...base('push', `refs/tags/${tag}`), label: `push tag ${tag}` });
  }
  const pr = { number: 42, pull_request: { number: 42, head: { ref: 'feature/login', sha: 'a'.repeat(40) }, base: { ref: main } } };
  if ('pull_request' in triggers) out.push({ ...base('pull_request', 'refs/pull/42/merge', pr), label: 'pull_request #42' });
  if ('pull_request_target' in triggers) out.push({ ...base('pull_request_target', `refs/heads/${main}`, pr), label: 'pull_request_target #42' });
  if ('release' in triggers) {
    // A release without a tag filter: a bare version, the form the default pattern {version} takes.
    const tag = tagFilters.map(sampleTag).find((t) => t !== undefined) ?? '1.2.3';
    out.push({ ...base('release', `refs/tags/${tag}`, { release: { tag_name: tag, prerelease: false } }), label: `release ${tag}` });
  }
  if ('workflow_dispatch' in triggers) out.push({ ...base('workflow_dispatch', `refs/heads/${main}`, { inputs: dispatchInputs(triggers['workflow_dispatch']) }), label: `workflow_dispatch ${main}` });
  if ('schedule' in triggers) out.push({ ...base('schedule', `refs/heads/${main}`), label: `schedule ${main}` });
  return out;
}

/** A tag the filter matches (GitHub's glob syntax), preferring a bare version (what `{version}` takes; `v*` filters become `v{version}`). */
function sampleTag(filter: string): string | undefined {
  const source = filter
    .split('**')
    .map((part) => part.replace(/[.^$|()\\{}]/g, '\\$&').replace(/\*/g, '[^/]*'))
    .join('.*');
  const re = new RegExp(`^${source}$`);
  return ['1.2.3', 'v1.2.3', 'v1.2', 'release-1.2.3'].find((t) => re.test(t));
}

function dispatchInputs(trigger: unknown): Record<string, string> {
  const inputs = (trigger as Record<string, unknown> | null)?.['inputs'] as Record<string, Record<string, unknown>> | undefined;
  return Object.fromEntries(Object.entries(inputs ?? {}).map(([k, v]) => [k, v?.['default'] === undefined ? '' : String(v['default'])]));
}

/**
 * The value a `vars.X`, `secrets.X` or `inputs.X` has in the corpus runs (and so env X in ours):
 * what such a name holds in real repositories, so image names stay valid.
 */
function stand(name: string): string {
  if (/REGISTRY|SERVER|HOST/i.test(name)) return 'registry.example.com';
  if (/REPO|IMAGE/i.test(name)) return 'acme/app';
  if (/USER|NAMESPACE|ORG|OWNER|ACCOUNT/i.test(name)) return 'acme';
  return `${name.toLowerCase().replace(/_/g, '-')}-value`;
}

/** What the run's `vars`, `secrets` and `inputs` hold: a stand-in per name the workflow reads, a manual run's inputs. */
interface RunValues {
  vars: Record<string, string>;
  secrets: Record<string, string>;
  inputs: Record<string, string>;
}

function runValues(text: string, ctx: CorpusContext): RunValues {
  const names = (context: string) => [...new Set([...text.matchAll(new RegExp(`\\b${context}\\.([A-Za-z_][A-Za-z0-9_]*)`, 'g'))].map((m) => m[1]!))];
  const standIns = (context: string) => Object.fromEntries(names(context).map((n) => [n, stand(n)]));
  const inputs = (ctx.payload['inputs'] as Record<string, string> | undefined) ?? {};
  return { vars: standIns('vars'), secrets: standIns('secrets'), inputs };
}

/** The same values as the environment variables the translated target reads. */
function runEnv(values: RunValues, names: string[]): Record<string, string> {
  const all: Record<string, string> = { ...values.vars, ...values.secrets, ...values.inputs };
  return Object.fromEntries(names.flatMap((n) => (all[n] ? [[n, all[n]]] : [])));
}

/** Upstream: every metadata step of the job computed in order, then the build's tags input evaluated and split. */
function upstreamTags(unit: BuildUnit, git: GitContext, ctx: CorpusContext, run: RunValues): { tags?: string[]; runs: boolean; note: string } {
  const values: Record<string, Value> = { github: githubContext(git, ctx.env), vars: run.vars, secrets: run.secrets, inputs: run.inputs };
  const steps: Record<string, Value> = {};
  const scopeFor = (step: BuildUnit['steps'][number]): Scope => {
    const matrix = step.scope.values['matrix'];
    const base = { ...values, ...(matrix === undefined ? {} : { matrix }), steps };
    // env not set in the file was set by an earlier step ($GITHUB_ENV): unknown here.
    const env = fullEnv(step.env, base);
    // What earlier run steps wrote to $GITHUB_ENV (the idioms the generator reads), run as the shell would.
    for (const [name, w] of Object.entries(step.shellEnv)) {
      const value = renderTemplate(w.value, { values: { ...base, env } });
      env[name] = w.lower ? value.toLowerCase() : value;
    }
    // Outputs earlier run steps wrote to $GITHUB_OUTPUT (the same idioms), as the shell would.
    for (const [id, out] of Object.entries(step.shellOutputs)) {
      steps[id] ??= { outputs: Object.fromEntries(Object.entries(out).map(([k, w]) => [k, ((v: string) => (w.lower ? v.toLowerCase() : v))(renderTemplate(w.value, { values: { ...base, env } }))])) };
    }
    return { values: { ...base, env }, open: ['env', 'steps'] };
  };
  const condition = (raw: string | undefined, scope: Scope): boolean => {
    if (raw === undefined) return true;
    const source = raw
      .trim()
      .replace(/^\$\{\{([\s\S]*)\}\}$/, '$1')
      .trim();
    const value = evaluate(parseExpression(source), scope);
    return value instanceof Later ? true : truthy(value); // success() and friends: the job runs
  };
  if (!condition(unit.jobIf, scopeFor(unit.build))) return { runs: false, note: `job if: ${unit.jobIf} is false here` };
  /** Runs the metadata steps of a job up to `stop`, filling the steps context; a reason when one cannot run. */
  const runMetadata = (list: BuildUnit['steps'], stop?: BuildUnit['steps'][number]): string | undefined => {
    for (const step of list) {
      if (step === stop) break;
      const scope = scopeFor(step);
      if (!usesAction(step.uses, 'docker/metadata-action') || !condition(step.if, scope)) continue;
      const input = (key: string) => parseInputList(renderTemplate(step.with[key] ?? '', scope));
      const unknown = ['images', 'tags', 'flavor'].find((k) => /\$\{\{/.test(input(k).join('\n')));
      if (unknown) return `metadata step "${step.label}": ${unknown} read a value an earlier run step sets`;
      try {
        const out = computeMetadata({
          context: { eventName: git.eventName, ref: git.ref, sha: git.sha, payload: git.payload },
          repo: git.repo,
          images: input('images'),
          tags: input('tags'),
          flavor: input('flavor'),
          labels: input('labels'),
          annotations: [],
          now: NOW,
        });
        if (step.id) steps[step.id] = { outputs: { tags: out.tags.join('\n'), labels: out.labels.join('\n'), version: out.version, json: JSON.stringify(out.json) } };
      } catch (err) {
        return `metadata step "${step.label}" fails here: ${(err as Error).message}`;
      }
    }
    return undefined;
  };
  const merge = unit.digestMerge;
  if (merge?.steps) {
    // The tags are the merge job's: imagetools create tags the index with its metadata step's tags.
    if (!condition(merge.jobIf, scopeFor(merge.steps[0]!))) return { runs: false, note: `job ${merge.job} if: ${merge.jobIf} is false here` };
    const failed = runMetadata(merge.steps);
    if (failed) return { runs: true, note: failed };
    const meta = merge.steps.find((s) => usesAction(s.uses, 'docker/metadata-action'));
    const outputs = meta?.id ? (steps[meta.id] as { outputs: { tags: string } } | undefined)?.outputs : undefined;
    return { runs: true, tags: (outputs?.tags ?? '').split('\n').filter(Boolean), note: '' };
  }
  const failed = runMetadata(unit.steps, unit.build);
  if (failed) return { runs: true, note: failed };
  const scope = scopeFor(unit.build);
  if (!condition(unit.build.if, scope)) return { runs: false, note: `build step if: ${unit.build.if} is false here` };
  const rendered = renderTemplate(unit.build.with['tags'] ?? '', scope);
  if (/\$\{\{/.test(rendered)) return { runs: true, note: `the build's tags come from a step the corpus cannot run (${rendered.trim()})` };
  // build-push-action: getInputList('tags') splits on newlines and commas.
  return {
    runs: true,
    tags: rendered
      .split(/[\n,]/)
      .map((t) => t.trim())
      .filter(Boolean),
    note: '',
  };
}

/** The raw env block evaluated in the full context, entry by entry (what the runner does). */
function fullEnv(raw: Record<string, string>, values: Record<string, Value>): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const [k, v] of Object.entries(raw)) out[k] = templateValue(v, { values: { ...values, env: { ...out } } });
  return out;
}

/** Ours: the translated target planned in the same context. */
function ourTags(options: Partial<DockerReleaseOptions>, git: GitContext, run: RunValues): { tags?: string[]; note: string } {
  const names = expressionEnvNames(options);
  const env = runEnv(run, names);
  const loginEnv = [options.login].flat().flatMap((l) => (l ? [l.usernameEnv, l.passwordEnv] : []));
  try {
    const plan = planRelease(options as DockerReleaseOptions, {
      projectName: 'app',
      projectRoot: options.context ?? '.',
      git,
      // A GitHub Actions run: keyless signing has its OIDC token.
      envPresent: new Set([...loginEnv, ...Object.values(options.secrets ?? {}), ...Object.keys(env), 'ACTIONS_ID_TOKEN_REQUEST_URL']),
      cosignAvailable: true,
      expressionEnv: env,
      metadataEnv: {},
      contextIsDirectory: true,
      dockerfileExists: true,
      buildxAvailable: true,
      now: NOW,
    });
    return plan.kind === 'skip' ? { tags: [], note: `skipped: ${plan.reason}` } : { tags: plan.tags, note: '' };
  } catch (err) {
    return { note: `the target stops: ${(err as Error).message.split('\n')[0]}` };
  }
}

/** Every build of one corpus workflow in every context it runs in. */
export function runCorpusFile(file: string): Row[] {
  const { source, text, repository } = readCorpusFile(file);
  const workflow = readWorkflow(file, text);
  const { targets } = translateWorkflow(workflow);
  const rows: Row[] = [];
  const on = (parse(text) as Record<string, unknown>)['on'];
  for (const ctx of contextsOf(on, repository)) {
    const git = githubActionsContext(ctx.env, ctx.payload);
    workflow.units.forEach((unit, i) => {
      const target = targets[i]!;
      const row: Row = { file, source, context: ctx.label, build: target.source, translated: Boolean(target.translation.options.images?.length), verdict: 'not-translated', note: '' };
      const run = runValues(text, ctx);
      const upstream = upstreamTags(unit, git, ctx, run);
      if (!upstream.runs) rows.push({ ...row, verdict: 'not-run', note: upstream.note });
      else if (upstream.tags === undefined) rows.push({ ...row, verdict: 'unknown', note: upstream.note });
      else if (!row.translated) rows.push({ ...row, note: target.translation.untranslated.find((u) => /images|tags/.test(u)) ?? 'no image names' });
      else {
        const ours = ourTags(target.translation.options, git, run);
        const noTag = upstream.tags.length === 0 && ours.tags?.length === 0 && ours.note.includes('produce no tag');
        const same = noTag || (ours.tags !== undefined && JSON.stringify([...ours.tags].sort()) === JSON.stringify([...new Set(upstream.tags)].sort()));
        rows.push({
          ...row,
          upstream: upstream.tags,
          ...(ours.tags ? { ours: ours.tags } : {}),
          verdict: same ? 'equal' : 'differ',
          note: noTag ? 'no tag in this context: neither pushes' : ours.note,
        });
      }
    });
  }
  return rows;
}

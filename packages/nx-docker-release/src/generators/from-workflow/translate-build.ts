import { parseInputList } from '../../metadata';
import { SECRET_LOOKING } from '../shared/names';
import { excludesPullRequests } from './conditions';
import { resolveExpression, substituteEnv } from './expressions';
import { translateAttestation } from './translate-supply-chain';
import type { WorkflowStep } from './read-workflow';
import { resolvedList, resolvedValue, workspacePath, type Translation } from './translation';

/** Inputs that change nothing in the pushed image or that the executor decides itself. */
const IGNORED = new Set(['github-token', 'builder']);
const WIRED = ['tags', 'labels', 'annotations'] as const;

/**
 * docker/build-push-action. Build args whose value is a secret become BuildKit secrets (a build
 * arg is stored in the image history); the Dockerfile must then read them from
 * /run/secrets/<id>. https://github.com/docker/build-push-action#inputs
 */
export function translateBuild(step: WorkflowStep, metadataStepId: string | undefined, t: Translation): void {
  buildLocation(step, t);
  for (const key of Object.keys(step.with)) {
    if ((WIRED as readonly string[]).includes(key)) wired(step, key as (typeof WIRED)[number], metadataStepId, t);
    else if (key === 'context' || key === 'file') continue;
    else if (key === 'build-args') buildArgs(step, t);
    else if (key === 'secrets' || key === 'secret-envs') secrets(step, key, t);
    else if (key === 'platforms') platforms(step, t);
    else if (key === 'target') t.options.target = resolvedValue(step, key, t);
    else if (key === 'push') push(step, t);
    else if (key === 'cache-from' || key === 'cache-to') cache(step, key, t);
    else if (key === 'build-contexts') buildContexts(step, t);
    else if (key === 'provenance' || key === 'sbom' || key === 'attests') translateAttestation(step, key, t);
    else if (key === 'outputs' && /push-by-digest=true/.test(step.with[key]!))
      continue; // the merge is translated with the unit
    else if (!IGNORED.has(key)) t.untranslated.push(`${step.label}: ${key}: not supported by the executor; left out`);
  }
}

function wired(step: WorkflowStep, key: (typeof WIRED)[number], metadataStepId: string | undefined, t: Translation): void {
  const whole = resolveExpression(step.with[key]!, step);
  if (whole.kind === 'step-output' && whole.step === metadataStepId && whole.output === key) return;
  if (whole.kind === 'step-output') {
    t.untranslated.push(`${step.label}: ${key}: reads steps.${whole.step}.outputs.${whole.output}, not the metadata step's ${key}; left out`);
    return;
  }
  const items = resolvedList(step, key, t, true);
  if (key !== 'tags') {
    t.options[key] = [...(t.options[key] ?? []), ...items];
  } else if (metadataStepId) {
    t.untranslated.push(`${step.label}: tags given literally next to docker/metadata-action; the metadata rules are kept, these are left out`);
  } else {
    // build-push-action splits `tags` on commas too (getInputList without ignoreComma).
    literalTags(
      items
        .flatMap((i) => i.split(','))
        .map((i) => i.trim())
        .filter(Boolean),
      t,
    );
  }
}

/** Without metadata-action, `image:tag` refs become images plus raw tag rules. */
function literalTags(refs: string[], t: Translation): void {
  const images = new Set(t.options.images ?? []);
  const tags = new Set(t.options.tags ?? []);
  for (const ref of refs) {
    const colon = ref.lastIndexOf(':');
    const hasTag = colon > ref.lastIndexOf('/');
    images.add(hasTag ? ref.slice(0, colon) : ref);
    tags.add(`type=raw,value=${hasTag ? ref.slice(colon + 1) : 'latest'}`);
  }
  t.options.images = [...images];
  t.options.tags = [...tags];
}

/**
 * `context` and `file` as workspace paths. A git context (`{{defaultContext}}`, build-push-action's
 * default) is the checkout itself; `{{defaultContext}}:sub` its subdirectory, with `file` relative
 * to that subdirectory as in any git context. https://github.com/docker/build-push-action#git-context
 */
function buildLocation(step: WorkflowStep, t: Translation): void {
  const context = step.with['context'] === undefined ? '{{defaultContext}}' : resolvedValue(step, 'context', t);
  const file = resolvedValue(step, 'file', t);
  if (context === undefined) return;
  const git = /^\{\{\s*defaultContext\s*\}\}(?::(.*))?$/.exec(context);
  if (!git && /^[a-z]+:\/\/|^git@/.test(context)) {
    t.untranslated.push(`${step.label}: context: "${context}" is a remote (git) context; the executor builds from the checkout`);
    return;
  }
  const root = git ? workspacePath(git[1] ?? '.') : workspacePath(context);
  t.options.context = root;
  if (git && step.with['context'] !== undefined)
    t.warnings.push(`${step.label}: context "${context}" is the checkout's ${root === '.' ? 'root' : `directory ${root}`}: the target builds it from the working tree`);
  if (file !== undefined) t.options.file = git && root !== '.' ? workspacePath(`${root}/${file.replace(/^\.\//, '')}`) : workspacePath(file);
}

/** `name=value` lines; a local directory becomes workspace-relative like `context`. */
function buildContexts(step: WorkflowStep, t: Translation): void {
  for (const item of resolvedList(step, 'build-contexts', t)) {
    const eq = item.indexOf('=');
    if (eq <= 0) {
      t.untranslated.push(`${step.label}: build-contexts: "${item}" is not name=value; left out`);
      continue;
    }
    const value = item.slice(eq + 1).trim();
    const remote = /^[a-z][a-z0-9+.-]*:\/\/|^git@/i.test(value);
    t.options.buildContexts = { ...t.options.buildContexts, [item.slice(0, eq).trim()]: remote ? value : workspacePath(value) };
  }
}

function buildArgs(step: WorkflowStep, t: Translation): void {
  for (const item of resolvedListKeepingSecrets(step, 'build-args')) {
    const eq = item.indexOf('=');
    if (eq <= 0) {
      t.untranslated.push(`${step.label}: build-args: "${item}" is not NAME=value; left out`);
      continue;
    }
    const name = item.slice(0, eq);
    const value = resolveExpression(item.slice(eq + 1), step, true);
    if (value.kind === 'secret') {
      t.options.secrets = { ...t.options.secrets, [name]: value.name };
      t.warnings.push(
        `${step.label}: build arg ${name} carried secrets.${value.name}; it is now a BuildKit secret (id ${name}, from $${value.name}): ` +
          `build args stay in the image history. Read it in the Dockerfile with RUN --mount=type=secret,id=${name} instead of ARG ${name}`,
      );
    } else if (value.kind === 'text') {
      t.options.buildArgs = { ...t.options.buildArgs, [name]: value.value };
      if (SECRET_LOOKING.test(name)) t.warnings.push(`${step.label}: build arg ${name} looks like a credential but has a plain value; consider secrets`);
    } else {
      t.untranslated.push(`${step.label}: build-args: ${name} uses ${value.kind === 'unresolved' ? value.expression : 'a step output'}, only known during the run; left out`);
    }
  }
}

/** `secrets` holds id=value (a secret reference becomes id -> ENV), `secret-envs` id=ENV already. */
function secrets(step: WorkflowStep, key: 'secrets' | 'secret-envs', t: Translation): void {
  for (const item of resolvedListKeepingSecrets(step, key)) {
    const eq = item.indexOf('=');
    const id = item.slice(0, eq);
    const value = item.slice(eq + 1);
    const resolved = key === 'secret-envs' ? substituteEnv(value, step) : resolveExpression(value, step);
    const env = resolved.kind === 'secret' ? resolved.name : key === 'secret-envs' && resolved.kind === 'text' ? resolved.value : undefined;
    if (eq > 0 && env) t.options.secrets = { ...t.options.secrets, [id]: env };
    else t.untranslated.push(`${step.label}: ${key}: "${item}" is not an id=\${{ secrets.X }} reference; left out`);
  }
}

/** Items of a list input before expression resolution (secrets are resolved per value). */
function resolvedListKeepingSecrets(step: WorkflowStep, key: string): string[] {
  // CSV-quoted items ("id=${{ secrets.X }}", as build-push-action's README writes them) are unquoted.
  return parseInputList(step.with[key] ?? '');
}

function push(step: WorkflowStep, t: Translation): void {
  const raw = step.with['push']!.trim();
  if (excludesPullRequests(raw)) {
    t.warnings.push(
      `${step.label}: push: ${raw}: the target pushes whenever it runs; nx g nx-docker-release:ci-workflow runs releases on main-branch and tag pushes only, and plans pull requests with --dryRun (nothing pushed)`,
    );
    return;
  }
  const value = resolvedValue(step, 'push', t);
  if (value === 'false') t.options.push = false;
  else if (value !== undefined && value !== 'true') t.untranslated.push(`${step.label}: push: "${value}" is not true/false; the target pushes`);
}

function platforms(step: WorkflowStep, t: Translation): void {
  const list = resolvedList(step, 'platforms', t)
    .flatMap((p) => p.split(','))
    .map((p) => p.trim())
    .filter(Boolean);
  if (list.length) t.options.platforms = list;
}

function cache(step: WorkflowStep, key: 'cache-from' | 'cache-to', t: Translation): void {
  const entries = resolvedList(step, key, t, true);
  for (const entry of entries) {
    // Kept as written: ci-workflow exports the Actions runtime variables to the release step.
    if (/(^|,)\s*type=gha\s*(,|$)/.test(entry) && !/(^|,)\s*scope=/.test(entry)) {
      t.warnings.push(
        `${step.label}: ${key}: "${entry}" uses BuildKit's default gha scope, which every image of the workspace would share (each export replaces the last); cache: "gha" gives each project its own scope`,
      );
    }
  }
  if (entries.length) t.options[key === 'cache-from' ? 'cacheFrom' : 'cacheTo'] = entries;
}

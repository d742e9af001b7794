import type { DockerReleaseOptions } from './options';
import { RELAY, TMP_DIR, type ReleasePlan } from './types';

export interface BuildInputs {
  context: string;
  file: string;
  tags: string[];
  labels: string[];
  annotations: string[];
  options: DockerReleaseOptions;
}

/** The flags buildx and BuildKit `docker build` share; `--flag=value` tokens only. */
function commonFlags(input: BuildInputs): string[] {
  const { options } = input;
  const argv = [`--file=${input.file}`];
  for (const platform of options.platforms ?? []) argv.push(`--platform=${platform}`);
  for (const tag of input.tags) argv.push(`--tag=${tag}`);
  for (const label of input.labels) argv.push(`--label=${label}`);
  for (const [name, value] of Object.entries(options.buildArgs ?? {})) argv.push(`--build-arg=${name}=${value}`);
  // The value stays in the environment; only the variable's name is on the command line.
  for (const [id, envName] of Object.entries(options.secrets ?? {})) argv.push(`--secret=id=${id},env=${envName}`);
  if (options.target) argv.push(`--target=${options.target}`);
  for (const [name, value] of Object.entries(options.buildContexts ?? {})) argv.push(`--build-context=${name}=${value}`);
  return argv;
}

/** `output`: push (buildx pushes every tag), load (into the engine, for the registry upload) or none. */
export function buildxArgv(input: BuildInputs, output: 'push' | 'load' | 'none'): string[] {
  const argv = ['buildx', 'build', ...(input.options.buildxBuilder ? [`--builder=${input.options.buildxBuilder}`] : []), ...commonFlags(input)];
  for (const annotation of input.annotations) argv.push(`--annotation=${annotation}`);
  for (const from of input.options.cacheFrom ?? []) argv.push(`--cache-from=${from}`);
  for (const to of input.options.cacheTo ?? []) argv.push(`--cache-to=${to}`);
  argv.push(`--metadata-file=${TMP_DIR}/build-metadata.json`);
  if (output === 'push') argv.push('--push');
  if (output === 'load') argv.push('--load');
  argv.push(input.context);
  return argv;
}

/** The archive goes to stdout, which the engine writes to a private temporary file (mode 0600) it reads the layers from. */
export function saveArgv(reference: string): string[] {
  return ['save', reference];
}

/** Fallback without buildx: BuildKit `docker build`, then one `docker push` per tag. */
export function classicArgv(input: BuildInputs): string[] {
  return ['build', ...commonFlags(input), `--iidfile=${TMP_DIR}/iid`, input.context];
}

export function pushArgv(tag: string): string[] {
  return ['push', tag];
}

export function loginArgv(registry: string, username: string): string[] {
  return ['login', `--username=${username}`, '--password-stdin', registry];
}

/**
 * Fills the planner's placeholders, only in the flags the planner wrote them into: a user value
 * that happens to contain `<tmp>` (a build arg, a cache-to path) stays as written and never
 * learns where the run's private directory (which may hold a login) is.
 */
export function fillPlaceholders(argv: readonly string[], values: { tmp: string; relay?: string }): string[] {
  return argv.map((token) => {
    for (const flag of ['--metadata-file=', '--iidfile=']) {
      if (token.startsWith(`${flag}${TMP_DIR}/`)) return `${flag}${values.tmp}${token.slice(flag.length + TMP_DIR.length)}`;
    }
    if (values.relay && token.startsWith(`--tag=${RELAY}:`)) return `--tag=${values.relay}${token.slice('--tag='.length + RELAY.length)}`;
    return token;
  });
}

/** The variables behind the plan's `--secret=id=...,env=<NAME>` flags (their values get redacted). */
export function secretEnvNames(plan: ReleasePlan): string[] {
  const argv = plan.steps.flatMap((s) => (s.kind === 'build' ? s.argv : []));
  return [...new Set(argv.flatMap((a) => /^--secret=(?:.*,)?env=([A-Za-z_][A-Za-z0-9_]*)/.exec(a)?.[1] ?? []))];
}

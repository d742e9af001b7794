import type { Logger } from '../log/redacting-logger';
import { fillPlaceholders, secretEnvNames } from '../release/commands';
import { watchCacheImports } from '../release/cache-import';
import { ReleaseError } from '../release/release-error';
import type { BuildStep, PlanStep, ReleasePlan } from '../release/types';
import { createTempDockerConfig } from './docker-config';
import type { Credentials, RegistryApi } from './registry-client';
import type { RetryPolicy } from './retry';
import type { Runner } from './runner';
import { UploadProgress } from './upload-progress';

type Env = Record<string, string | undefined>;

export interface ApplyDeps {
  run: Runner;
  docker: string;
  env: Env;
  log: Logger;
  cwd: string;
  /** Makes the client of one registry: the HTTP client, unless a spec passes an in-memory registry. */
  registryClient?: (registry: string, credentials: Credentials | undefined, retry: RetryPolicy) => RegistryApi;
}

/** One application of a plan: its dependencies, what child processes see, and a private scratch directory. */
export interface ApplySession extends ApplyDeps {
  /** The environment of every child: no password or signing-key variable; a docker login's DOCKER_CONFIG. */
  childEnv: Env;
  /** Private (0700): a docker login's config, the saved archive, the scratch files; removed by `close`. */
  scratch: string;
  progress: UploadProgress;
  startedOn: Date;
  /** Layer cache imports the builds gave up on (BuildKit goes on without them): warnings of the result. */
  cacheWarnings: string[];
  close(): void;
}

export function openSession(plan: ReleasePlan, deps: ApplyDeps): ApplySession {
  const temp = createTempDockerConfig(deps.env);
  // Children never see a password variable: docker login reads stdin, the registry API is in-process;
  // the signing key and its password go to cosign alone.
  const childEnv: Env = { ...deps.env };
  for (const name of credentialVariables(plan)) delete childEnv[name];
  if (stepsOf(plan, 'login').length) childEnv.DOCKER_CONFIG = temp.dir;
  // BuildKit secret values: a build step that echoes one must not print it (nor must an error).
  for (const name of secretEnvNames(plan)) deps.log.addSecret(deps.env[name]);
  // The Actions runtime token reaches BuildKit's gha cache through the environment; never the log.
  deps.log.addSecret(deps.env.ACTIONS_RUNTIME_TOKEN);
  const progress = UploadProgress.for((line) => deps.log.info(line), deps.env, process.stdout.isTTY === true);
  return { ...deps, childEnv, scratch: temp.dir, progress, startedOn: new Date(), cacheWarnings: [], close: () => temp.remove() };
}

/** The plan's steps of one kind, in plan order. */
export function stepsOf<K extends PlanStep['kind']>(plan: ReleasePlan, kind: K): Extract<PlanStep, { kind: K }>[] {
  return plan.steps.filter((s): s is Extract<PlanStep, { kind: K }> => s.kind === kind);
}

/** Runs one planned build; `<tmp>` in its argv is the session's scratch directory. */
export async function runBuild(step: BuildStep, s: ApplySession): Promise<void> {
  s.log.info(`build with ${step.builder === 'buildx' ? 'docker buildx build' : 'BuildKit docker build (no buildx)'}`);
  const argv = fillPlaceholders(step.argv, { tmp: s.scratch });
  const imports = watchCacheImports();
  const res = await s.run(s.docker, argv, {
    env: { ...s.childEnv, ...step.env },
    cwd: s.cwd,
    onLine: (line) => {
      imports.line(line);
      s.log.info(`  ${line}`);
    },
  });
  s.cacheWarnings.push(...imports.warnings());
  if (res.exitCode !== 0) throw new ReleaseError(`docker build failed (exit ${res.exitCode}); see the build output above`);
}

function credentialVariables(plan: ReleasePlan): string[] {
  const [publish] = stepsOf(plan, 'publish');
  const [sign] = stepsOf(plan, 'sign');
  return [...stepsOf(plan, 'login'), ...(publish?.credentials ?? [])].map((l) => l.passwordEnv).concat([sign?.keyEnv, sign?.passwordEnv].filter((n): n is string => n !== undefined));
}

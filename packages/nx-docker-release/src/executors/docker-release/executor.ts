import type { ExecutorContext } from '@nx/devkit';
import { applyPlan } from '../../engine/apply';
import { watchParent } from '../../engine/cancellation';
import { runProcess } from '../../engine/runner';
import type { Runner } from '../../release/runner';
import { createLogger, type Logger } from '../../log/redacting-logger';
import { formatPlan } from '../../release/format-plan';
import { planResolved } from '../../release/plan';
import { ReleaseError } from '../../release/release-error';
import { failedResult, resultOf, type ReleaseResult } from '../../release/result';
import type { ReleasePlan } from '../../release/types';
import type { RunEntry } from '../../release/run-summary';
import { recordRunEntry } from '../../report/run-report';
import { clearResultFile, writeOutputs } from '../../report/write-outputs';
import { resolveRelease } from '../../facts/gather-facts';
import { withPluginDefaults } from './plugin-defaults';
import { dependencyInputRoots } from './task-inputs';
import { withBaseFacts } from './base-facts';
import { otherReleasePatterns } from './release-patterns';
import type { DockerReleaseOptions } from './schema';

export interface DockerReleaseOutput extends Partial<ReleaseResult> {
  success: boolean;
}

/** Orchestration only: facts -> plan -> (print | apply) -> report. */
export default async function dockerReleaseExecutor(
  targetOptions: DockerReleaseOptions,
  context: ExecutorContext,
  log: Logger = createLogger(),
  run: Runner = runProcess,
): Promise<DockerReleaseOutput> {
  const name = context.projectName ?? '';
  // dockerHost and docker are no plugin defaults: the target's own value is the resolved one.
  // dockerHost: the engine every docker call (and the relay decision) is about.
  const env = targetOptions.dockerHost ? { ...process.env, DOCKER_HOST: targetOptions.dockerHost } : process.env;
  const record = (entry: Omit<RunEntry, 'project' | 'target'>): void => recordRunEntry(env, { project: name, target: context.targetName ?? '', ...entry });
  const project = context.projectsConfigurations?.projects[name];
  const docker = targetOptions.docker ?? env.DOCKER_RELEASE_DOCKER ?? 'docker';
  const started = Date.now();
  const cpuStart = process.cpuUsage();
  // The plan of a run that will publish: once known, its result file always ends with this run's status.
  let publishing: ReleasePlan | undefined;
  // A cancelled job (nx killed, its IPC channel closed) stops the build and puts no tag.
  const stopWatching = watchParent();
  try {
    if (!project) throw new ReleaseError(`project ${name || '(none)'} is not in the workspace`);
    const options = withPluginDefaults(targetOptions, context.nxJsonConfiguration, name);
    const info = { name, root: project.root, description: project.metadata?.description, inputRoots: dependencyInputRoots(context) };
    const resolved = await resolveRelease(options, info, context.root, env, run);
    const others = otherReleasePatterns(context.projectsConfigurations?.projects ?? {}, context.nxJsonConfiguration, name);
    const gathered = { ...resolved.facts, otherReleaseTagPatterns: others, ...(context.targetName ? { targetName: context.targetName } : {}) };
    // Planned once to refuse bad input before any request; again with the base digests in the content key.
    const checked = planResolved(resolved.options, gathered);
    const facts = checked.kind === 'release' ? await withBaseFacts(resolved.options, gathered, { env, run, log }) : gathered;
    const factsMs = Date.now() - started;
    const plan = facts === gathered ? checked : planResolved(resolved.options, facts);
    for (const line of formatPlan(plan, docker, false)) log.info(line);
    for (const warning of plan.warnings ?? []) log.warn(warning);
    if (plan.kind === 'skip' || options.dryRun) {
      if (options.dryRun && plan.kind === 'release') log.info('dry run: nothing was built or pushed');
      // A skipped project's result file and outputs say so (a previous run's "released" would be read as this one's).
      if (plan.kind === 'skip' && !options.dryRun) writeOutputs(resultOf(plan), plan.resultFile, context.root, env);
      record({ result: resultOf(plan), ...(options.dryRun ? { dryRun: true } : {}) });
      return { success: true, ...resultOf(plan) };
    }
    publishing = plan;
    clearResultFile(plan.resultFile, context.root);
    const applied = await applyPlan(plan, { run, docker, env, log, cwd: context.root });
    const result = resultOf(plan, applied);
    const file = writeOutputs(result, plan.resultFile, context.root, env);
    record({ result });
    log.info(`${result.status}: ${result.platformDigests ? result.platformDigests.map((p) => `${p.platform} ${p.digest}`).join(', ') : result.tags.join(', ')}`);
    log.info(`digest: ${result.digest || '(none)'}; result written to ${file}`);
    const cpu = process.cpuUsage(cpuStart);
    const rss = Math.round(process.resourceUsage().maxRSS / 1024);
    log.info(`${result.source ?? 'release'} in ${Date.now() - started} ms (facts ${factsMs} ms, cpu ${Math.round(cpu.user / 1000)} ms user, peak rss ${rss} MB)`);
    return { success: result.status !== 'failed', ...result };
  } catch (err) {
    if (err instanceof ReleaseError) {
      log.error(err.message);
    } else {
      log.error(log.redact((err as Error).stack ?? String(err)));
    }
    const reason = log.redact(err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
    if (publishing) writeOutputs(failedResult(publishing, reason), publishing.resultFile, context.root, env);
    record({ error: reason });
    return { success: false };
  } finally {
    stopWatching();
  }
}

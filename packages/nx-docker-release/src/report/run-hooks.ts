import type { PostTasksExecutionContext, PreTasksExecutionContext } from '@nx/devkit';
import { withoutWorkflowCommands } from '../log/ci-safe';
import { finishRun, RUN_DIR_ENV, runDirectory } from './run-report';

/**
 * Before an Nx run: every task of it records its release under one directory named by the run.
 * Nx hands what the hook sets in process.env to every task of the run.
 */
export function preTasksExecution(_options: unknown, context: PreTasksExecutionContext): void {
  process.env[RUN_DIR_ENV] = runDirectory(context.id);
}

/** After it: one summary over what the release tasks recorded (nothing when none ran). */
export function postTasksExecution(_options: unknown, context: PostTasksExecutionContext): void {
  finishRun(runDirectory(context.id), context.workspaceRoot, process.env, (line) => process.stdout.write(`${withoutWorkflowCommands(line)}\n`));
}

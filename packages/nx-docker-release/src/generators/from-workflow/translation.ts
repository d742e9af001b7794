import type { DockerReleaseOptions } from '../../release/options';
import { parseInputList } from '../../metadata';
import { substituteEnv } from './expressions';
import type { WorkflowStep } from './read-workflow';

/** What the steps translate into, plus what the user must know about it. */
export interface Translation {
  options: Partial<DockerReleaseOptions>;
  /** Inputs the release target cannot carry; they are left out. */
  untranslated: string[];
  /** Inputs carried with a change of form the user should check. */
  warnings: string[];
  /** The job set up QEMU (the step's label): the generator says whether the target's Dockerfile still needs it. */
  qemuStep?: string;
}

export const emptyTranslation = (): Translation => ({ options: {}, untranslated: [], warnings: [] });

/**
 * A multi-line action input as list items, expressions evaluated; `runTime`: `github.*`/`env.*`
 * may stay for the executor. What needs the run otherwise is reported.
 */
export function resolvedList(step: WorkflowStep, key: string, t: Translation, runTime: boolean | 'public' = false): string[] {
  const items: string[] = [];
  // The list is split after evaluation, as the runner evaluates the input before the action splits it.
  const whole = substituteEnv(step.with[key] ?? '', step, runTime);
  const source = whole.kind === 'text' ? whole.value : (step.with[key] ?? '');
  for (const item of parseInputList(source)) {
    const resolved = substituteEnv(item, step, runTime);
    if (resolved.kind === 'text') items.push(resolved.value);
    else t.untranslated.push(`${step.label}: ${key}: "${item}" uses ${describe(resolved)}, which is only known during the run; left out`);
  }
  return items;
}

/** A single-value input with env resolved, or undefined (reported) when it needs the run. */
export function resolvedValue(step: WorkflowStep, key: string, t: Translation): string | undefined {
  const raw = step.with[key];
  if (raw === undefined) return undefined;
  const resolved = substituteEnv(raw.trim(), step);
  if (resolved.kind === 'text') return resolved.value;
  t.untranslated.push(`${step.label}: ${key}: "${raw.trim()}" uses ${describe(resolved)}, which is only known during the run; left out`);
  return undefined;
}

function describe(resolved: { kind: string; expression?: string }): string {
  return resolved.expression ?? 'an expression';
}

/** `./assistant/backend/` -> `assistant/backend`; `./` -> `.` (paths are workspace-relative). */
export function workspacePath(path: string): string {
  const trimmed = path.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  return trimmed === '' ? '.' : trimmed;
}

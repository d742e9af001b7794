import { splitKeyValue } from '../metadata';
import { ReleaseError } from './release-error';
import type { PlanStep } from './types';

/**
 * Linux refuses to start a command (E2BIG) when one argument is longer than MAX_ARG_STRLEN
 * (131072 bytes) or the arguments and environment together pass ARG_MAX (2 MiB by default). The
 * plan stays well inside both, so a value that would not fit is named here, before any docker call,
 * rather than surfacing as `spawn E2BIG` halfway through a release.
 */
export const MAX_VALUE_BYTES = 64 * 1024;
/** The whole build command line; the rest of ARG_MAX is left to the environment. */
export const MAX_COMMAND_BYTES = 1024 * 1024;

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** Each label, annotation and build arg value within MAX_VALUE_BYTES; one line naming the first that is not. */
export function checkValueSizes(labels: readonly string[], annotations: readonly string[], buildArgs: Record<string, string> | undefined): void {
  const entries: [option: string, key: string, value: string][] = [
    ...labels.map((l): [string, string, string] => ['labels', ...splitKeyValue(l)]),
    ...annotations.map((a): [string, string, string] => ['annotations', ...splitKeyValue(a)]),
    ...Object.entries(buildArgs ?? {}).map(([name, value]): [string, string, string] => ['buildArgs', name, String(value)]),
  ];
  for (const [option, key, value] of entries) {
    const size = bytes(value);
    if (size > MAX_VALUE_BYTES) {
      throw new ReleaseError(`${option}: the value of ${key} is ${size} bytes, over the limit of ${MAX_VALUE_BYTES} bytes for one value (the command line of a build has to hold it)`);
    }
  }
}

/** Every command the plan starts within MAX_COMMAND_BYTES. */
export function checkCommandSizes(steps: readonly PlanStep[]): void {
  const commands = steps.flatMap((step) => (step.kind === 'publish' ? (step.fallback ? [step.fallback.build, step.fallback.save] : []) : 'argv' in step ? [step] : []));
  for (const { kind, argv } of commands) {
    const size = argv.reduce((sum, arg) => sum + bytes(arg) + 1, 0);
    if (size > MAX_COMMAND_BYTES) {
      throw new ReleaseError(
        `labels, annotations and buildArgs: the ${kind} command would be ${size} bytes long, over the limit of ${MAX_COMMAND_BYTES} bytes for one command line; make the values shorter or fewer`,
      );
    }
  }
}

import { logger } from '@nx/devkit';

/**
 * What a team must do after a generator ran, specific to what it wrote: secrets to create,
 * checks to require, the fate of an old workflow, the first release. One numbered list, printed
 * after the files are written (from the generator's callback), so it is the last thing shown.
 */
export function formatNextSteps(generator: string, steps: readonly string[]): string[] {
  if (!steps.length) return [];
  return [`Next steps (${generator}):`, ...steps.map((step, index) => `  ${index + 1}. ${step}`)];
}

export function printNextSteps(generator: string, steps: readonly string[]): void {
  for (const line of formatNextSteps(generator, steps)) logger.info(line);
}

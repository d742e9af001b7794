import type { WorkflowStep } from './read-workflow';
import { resolvedList, type Translation } from './translation';

const LISTS = ['images', 'tags', 'flavor', 'labels', 'annotations'] as const;

/**
 * docker/metadata-action: the rule lists carry over verbatim (the executor's metadata engine
 * reads the same syntax). github-token is not needed: repository facts come from the event
 * payload or the origin URL. https://github.com/docker/metadata-action#inputs
 */
export function translateMetadata(step: WorkflowStep, t: Translation): void {
  for (const key of Object.keys(step.with)) {
    if ((LISTS as readonly string[]).includes(key)) {
      const items = resolvedList(step, key, t, true);
      if (items.length) t.options[key as (typeof LISTS)[number]] = items;
    } else if (key !== 'github-token') {
      t.untranslated.push(`${step.label}: ${key}: not supported by the executor; left out`);
    }
  }
}

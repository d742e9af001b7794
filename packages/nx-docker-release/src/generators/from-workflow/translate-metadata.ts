import { DEFAULT_TAG_RULES, parseImages, parseInputList } from '../../metadata';
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
      // An image name is public, so a secret holding a namespace may be read as a variable there;
      // tag rules, labels and annotations never read one (it would be pushed in the clear).
      const items = resolvedList(step, key, t, key === 'images' ? 'public' : true);
      if (items.length) t.options[key as (typeof LISTS)[number]] = key === 'images' ? lowerCased(step, oneLineImages(items), t) : items;
    } else if (key !== 'github-token') {
      t.untranslated.push(`${step.label}: ${key}: not supported by the executor; left out`);
    }
  }
  // Without rules metadata-action applies its own defaults, not the plugin's: they are written out.
  if (parseInputList(step.with['tags'] ?? '').length === 0) {
    t.options.tags = [...DEFAULT_TAG_RULES];
    t.warnings.push(`${step.label}: no tags input: metadata-action's default rules are written out (${DEFAULT_TAG_RULES.join('; ')})`);
  }
}

/**
 * One line of comma-separated names (`images: user/app,ghcr.io/user/app`) is several images
 * upstream (docker/metadata-action `src/flavor.ts › Transform`, `src/image.ts › Transform`); the target lists them one per entry.
 */
function oneLineImages(items: string[]): string[] {
  if (items.length !== 1) return items;
  try {
    return parseImages(items).map((image) => image.name);
  } catch {
    return items; // the executor reports a line metadata-action refuses
  }
}

/** metadata-action lower-cases image names; the target holds them as they will be pushed. */
function lowerCased(step: WorkflowStep, images: string[], t: Translation): string[] {
  return images.map((image) => {
    const literal = image.replace(/\$\{\{[\s\S]*?\}\}/g, '');
    if (literal === literal.toLowerCase()) return image;
    t.warnings.push(`${step.label}: images: "${image}" is lower-cased, as metadata-action does`);
    return image.replace(/\$\{\{[\s\S]*?\}\}|[^$]+|\$/g, (part) => (part.startsWith('${{') ? part : part.toLowerCase()));
  });
}

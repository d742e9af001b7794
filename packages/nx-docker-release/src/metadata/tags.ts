import type { Flavor } from './flavor';
import type { ImageSpec } from './images';
import { assertOciTag } from './oci-tag';
import { sanitizeImageName, sanitizeTag } from './sanitize';
import type { VersionDetail } from './version';

export interface AssembledTags {
  tags: string[];
  tagNames: string[];
}

/** Enabled images, lower-cased, in input order (`Meta.getImageNames`). */
export function enabledImageNames(images: readonly ImageSpec[]): string[] {
  return images.filter((image) => image.enable).map((image) => sanitizeImageName(image.name));
}

/**
 * `meta.ts › getTags` (docker/metadata-action `src/meta.ts › getTags`): main, partials, then `latest` per image, grouped by
 * image. The auto `latest` takes the flavor prefix/suffix literally (no template rendering) and
 * is not de-duplicated against partials, so `latest` can appear twice (observed upstream behaviour, pinned in metadata/behaviour.spec.ts).
 */
export function assembleTags(version: VersionDetail, flavor: Flavor, images: readonly ImageSpec[]): AssembledTags {
  if (version.main === undefined) {
    return { tags: [], tagNames: [] };
  }
  const tagNames = [version.main, ...version.partial];
  if (version.latest) {
    const latestTag = sanitizeTag(`${flavor.prefixLatest ? flavor.prefix : ''}latest${flavor.suffixLatest ? flavor.suffix : ''}`);
    assertOciTag(latestTag, 'the latest tag (flavor prefix/suffix with onlatest=true)');
    tagNames.push(latestTag);
  }
  const names = enabledImageNames(images);
  const tags = names.length === 0 ? [...tagNames] : names.flatMap((name) => tagNames.map((tag) => `${name}:${tag}`));
  return { tags, tagNames };
}

import type { Flavor } from './flavor';
import type { TagEntry } from './tag-entry';

/**
 * `meta.ts › setValue`: an entry's own `prefix`/`suffix` attribute (even empty) wins over the
 * flavor's. sha and ref-pr entries always carry a `prefix`, so the flavor prefix never reaches
 * them while the flavor suffix does (observed docker/metadata-action behaviour, pinned in metadata/behaviour.spec.ts).
 */
export function applyAffixes(value: string, entry: TagEntry, flavor: Flavor, render: (template: string) => string): string {
  const prefix = affix(entry, 'prefix', flavor.prefix, render);
  const suffix = affix(entry, 'suffix', flavor.suffix, render);
  return `${prefix}${value}${suffix}`;
}

function affix(entry: TagEntry, key: 'prefix' | 'suffix', fromFlavor: string, render: (template: string) => string): string {
  const own = entry.attrs[key];
  if (own !== undefined) {
    return render(own);
  }
  return fromFlavor.length > 0 ? render(fromFlavor) : '';
}

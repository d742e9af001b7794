import { SEED_TAG_RULES } from '../../release/defaults';

/** Tag rule presets of the `configuration` generator; `seed` is the inferred target's rules. */
export const TAG_PRESETS = {
  seed: SEED_TAG_RULES,
  semver: ['type=semver,pattern={{version}}', 'type=semver,pattern={{major}}.{{minor}}', 'type=semver,pattern={{major}}', 'type=sha'],
} as const;

export type TagPreset = keyof typeof TAG_PRESETS | 'custom';

/**
 * Nx splits a single `--tags=a,b` string at commas, which cuts a rule such as
 * `type=semver,pattern={{version}}` in two. A fragment that is a `key=value` field other than
 * `type=` continues the rule before it. Repeating `--tags` avoids the question entirely.
 */
export function rejoinTagRules(fragments: readonly string[]): string[] {
  const rules: string[] = [];
  for (const fragment of fragments) {
    const key = /^\s*([A-Za-z-]+)=/.exec(fragment)?.[1]?.toLowerCase();
    if (rules.length > 0 && key !== undefined && key !== 'type') rules[rules.length - 1] += `,${fragment}`;
    else rules.push(fragment);
  }
  return rules;
}

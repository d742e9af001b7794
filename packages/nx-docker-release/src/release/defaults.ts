/** Retries of transient registry failures unless the `retry` option says otherwise. */
export const DEFAULT_RETRY = { attempts: 5, minDelayMs: 200, maxDelayMs: 5000 };

/** The release tag pattern a target without one uses: plain version tags (`1.2.3`), as the seed workflow's `*.*.*`. */
export const DEFAULT_RELEASE_TAG_PATTERN = '{version}';

/**
 * The seed workflow's three tag rules written so they do what the seed meant: upstream reads
 * `event=` only on type=ref, so the seed's `type=raw,value=latest,event=push` tagged `latest` on
 * every build (here: the default branch only), and `type=semver,...,event=tag` needs no condition.
 * The tags of an inferred target and the configuration generator's `seed` preset.
 * https://github.com/docker/metadata-action#typeraw
 */
export const SEED_TAG_RULES: readonly string[] = ['type=sha', 'type=raw,value=latest,enable={{is_default_branch}}', 'type=semver,pattern={{version}}'];

/** Retries of transient registry failures unless the `retry` option says otherwise. */
export const DEFAULT_RETRY = { attempts: 5, minDelayMs: 200, maxDelayMs: 5000 };

/** The release tag pattern a target without one uses: plain version tags (`1.2.3`), as the seed workflow's `*.*.*`. */
export const DEFAULT_RELEASE_TAG_PATTERN = '{version}';

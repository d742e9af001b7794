/** Retries of transient registry failures unless the `retry` option says otherwise. */
export const DEFAULT_RETRY = { attempts: 5, minDelayMs: 200, maxDelayMs: 5000 };

/**
 * Narrowing readers for the untyped webhook payload. Upstream reads it with optional chaining
 * (`payload?.pull_request?.base?.ref`), so a missing or null step yields undefined here too.
 */
export function readPath(payload: unknown, path: readonly string[]): unknown {
  let current: unknown = payload;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) {
      return undefined;
    }
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The value at `path` as a string, or undefined when absent or null (upstream's `!= undefined`). */
export function readString(payload: unknown, path: readonly string[]): string | undefined {
  const value = readPath(payload, path);
  if (value === undefined || value === null) {
    return undefined;
  }
  return typeof value === 'string' ? value : String(value);
}

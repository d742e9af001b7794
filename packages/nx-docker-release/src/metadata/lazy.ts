/**
 * A value computed on first use. Libraries behind it (handlebars, moment-timezone, semver, csv-parse,
 * pep440) cost 10-100 ms each to load, and each release pays that on every run for rules it
 * may not have.
 */
export function lazy<T>(load: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: load() }).v;
}

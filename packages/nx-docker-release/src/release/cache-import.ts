import { cacheRegistry } from './build-registries';

/**
 * Reads BuildKit's plain progress output of one build for layer cache imports that failed. BuildKit
 * goes on without the cache and the build succeeds, so nothing else would tell; seen on Docker 26.1
 * (buildx 0.13):
 *
 *   #3 importing cache manifest from 127.0.0.1:5791/x/y:buildcache
 *   #3 ERROR: failed to configure registry cache importer: unexpected status from HEAD request to http://127.0.0.1:5791/v2/x/y/manifests/buildcache: 401 Unauthorized
 *
 * (`...: not found` for a cache nobody exported yet, `dial tcp ...: connection refused` for a
 * registry that does not answer). One watcher per build: step numbers restart with each build.
 */
export function watchCacheImports(): { line(text: string): void; warnings(): string[] } {
  const imports = new Map<string, string>();
  const warnings: string[] = [];
  return {
    line(text) {
      const started = /^#(\d+) importing cache manifest from (\S+)/.exec(text);
      if (started) {
        imports.set(started[1] ?? '', started[2] ?? '');
        return;
      }
      const failed = /^#(\d+) ERROR: (.*)$/.exec(text);
      const ref = failed ? imports.get(failed[1] ?? '') : undefined;
      if (failed && ref !== undefined) {
        imports.delete(failed[1] ?? '');
        warnings.push(cacheImportWarning(ref, failed[2] ?? ''));
      }
    },
    warnings: () => [...warnings],
  };
}

function cacheImportWarning(ref: string, error: string): string {
  const reason = error.replace(/^failed to configure registry cache importer: /, '');
  if (/(^|\W)not found$/.test(reason)) return `cacheFrom: no layer cache at ${ref} yet (not found): the build ran without it; this run's cacheTo, if any, writes one`;
  const registry = cacheRegistry(ref);
  const refused = /\b(401|403)\b|unauthorized|denied/i.test(reason);
  const hint = refused && registry ? `; give ${registry} an entry in the login option (or a docker login) that may read it` : '';
  return `cacheFrom: importing the layer cache ${ref} failed (${reason}): the build ran without it${hint}`;
}

import { watchCacheImports } from './cache-import';

/** Plain progress output of Docker 26.1 / buildx 0.13, captured here with a loopback htpasswd registry. */
const captured = (error: string): string[] => [
  '#2 [internal] load .dockerignore',
  '#2 DONE 0.0s',
  '#3 importing cache manifest from 127.0.0.1:5791/x/y:buildcache',
  `#3 ERROR: ${error}`,
  '#4 [internal] load build context',
  '#5 [1/1] COPY a.txt /a.txt',
  '#5 CACHED',
  '------',
  ' > importing cache manifest from 127.0.0.1:5791/x/y:buildcache:',
  '------',
];

describe('watchCacheImports: a cache import BuildKit gave up on becomes a warning', () => {
  it.each<[string, string, string]>([
    [
      'refused credentials',
      'failed to configure registry cache importer: unexpected status from HEAD request to http://127.0.0.1:5791/v2/x/y/manifests/buildcache: 401 Unauthorized',
      'cacheFrom: importing the layer cache 127.0.0.1:5791/x/y:buildcache failed (unexpected status from HEAD request to http://127.0.0.1:5791/v2/x/y/manifests/buildcache: 401 Unauthorized): the build ran without it; give 127.0.0.1:5791 an entry in the login option (or a docker login) that may read it',
    ],
    [
      'no cache yet',
      'failed to configure registry cache importer: 127.0.0.1:5791/x/y:buildcache: not found',
      "cacheFrom: no layer cache at 127.0.0.1:5791/x/y:buildcache yet (not found): the build ran without it; this run's cacheTo, if any, writes one",
    ],
    [
      'a registry that does not answer',
      'failed to configure registry cache importer: failed to do request: Head "https://127.0.0.1:5792/v2/x/y/manifests/buildcache": dial tcp 127.0.0.1:5792: connect: connection refused',
      'cacheFrom: importing the layer cache 127.0.0.1:5791/x/y:buildcache failed (failed to do request: Head "https://127.0.0.1:5792/v2/x/y/manifests/buildcache": dial tcp 127.0.0.1:5792: connect: connection refused): the build ran without it',
    ],
  ])('%s', (_name, error, warning) => {
    const watch = watchCacheImports();
    captured(error).forEach(watch.line);
    expect(watch.warnings()).toEqual([warning]);
  });

  it('a failing RUN step or a successful import is no cache warning', () => {
    const watch = watchCacheImports();
    ['#3 importing cache manifest from r.example.com/a:buildcache', '#3 DONE 0.1s', '#6 [build 2/3] RUN ["false"]', '#6 ERROR: process "false" did not complete successfully: exit code: 1'].forEach(
      watch.line,
    );
    expect(watch.warnings()).toEqual([]);
  });
});

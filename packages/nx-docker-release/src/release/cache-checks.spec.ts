import type { DockerReleaseOptions } from './options';
import { planRelease } from './plan';
import type { ReleaseFacts } from './types';

const facts = (extra: Partial<ReleaseFacts> = {}): ReleaseFacts => ({
  projectName: 'api',
  projectRoot: 'apps/api',
  git: { provider: 'git', eventName: 'push', ref: 'refs/heads/main', sha: '0123456789abcdef0123456789abcdef01234567', payload: {}, repo: null, tagsAtCommit: [] },
  envPresent: new Set(),
  metadataEnv: {},
  contextIsDirectory: true,
  dockerfileExists: true,
  buildxAvailable: true,
  now: new Date('2026-12-07T00:00:00Z'),
  ...extra,
});
const options: DockerReleaseOptions = { images: ['ghcr.io/acme/api'], tags: ['type=sha'], cache: 'registry' };
const classicStore = { name: 'default', driver: 'docker', containerdStore: false };
const warnings = (o: DockerReleaseOptions, f: ReleaseFacts): string[] => {
  const plan = planRelease(o, f);
  return plan.kind === 'release' ? plan.warnings : [];
};

describe('layer caches the builder cannot honour are found before any build', () => {
  it('the docker driver on the classic image store: refused in one line naming the option and both fixes', () => {
    expect(() => planRelease(options, facts({ cacheBuilder: classicStore }))).toThrow(
      /^cache: the buildx builder "default" uses the docker driver on the classic image store, which cannot export a layer cache; turn on the containerd image store \("features": \{"containerd-snapshotter": true\} in \/etc\/docker\/daemon\.json.*or use a docker-container builder .*buildxBuilder/,
    );
    expect(() => planRelease({ images: ['ghcr.io/acme/api'], tags: ['type=sha'], cacheTo: ['type=registry,ref=ghcr.io/acme/api:c'] }, facts({ cacheBuilder: classicStore }))).toThrow(
      /^cacheTo: the buildx builder "default"/,
    );
  });

  it('a dry run shows the refusal as a warning (a real run stops)', () => {
    expect(warnings({ ...options, dryRun: true }, facts({ cacheBuilder: classicStore }))).toContainEqual(
      expect.stringMatching(/^cache: the buildx builder "default" uses the docker driver .* \(a real run stops here\)$/),
    );
  });

  it.each<[string, ReleaseFacts['cacheBuilder']]>([
    ['the docker driver on the containerd image store', { name: 'default', driver: 'docker', containerdStore: true }],
    ['a docker-container builder', { name: 'ci', driver: 'docker-container' }],
    ['a remote builder', { name: 'farm', driver: 'remote' }],
  ])('exports through %s', (_name, builder) => {
    const plan = planRelease(options, facts({ cacheBuilder: builder }));
    const build = plan.kind === 'release' ? plan.steps.find((s) => s.kind === 'build') : undefined;
    expect(build?.kind === 'build' && build.argv.filter((a) => a.startsWith('--cache'))).toEqual([
      '--cache-from=type=registry,ref=ghcr.io/acme/api:buildcache',
      '--cache-to=type=registry,ref=ghcr.io/acme/api:buildcache,mode=max',
    ]);
  });

  it('an uninspectable builder is a warning, not a refusal', () => {
    expect(warnings(options, facts({ cacheBuilder: { name: 'ci', unreadable: 'no builder "ci" found' } }))).toContainEqual(
      'cache: could not tell whether the buildx builder "ci" can export a layer cache (no builder "ci" found); the build will say',
    );
  });

  it('the classic builder: an export is refused, an import alone is warned about (it would be ignored)', () => {
    expect(() => planRelease({ ...options, builder: 'classic' }, facts())).toThrow(/^cache: the classic builder \(no docker buildx\) cannot export a layer cache/);
    expect(warnings({ images: ['ghcr.io/acme/api'], tags: ['type=sha'], cacheFrom: ['ghcr.io/acme/api:c'] }, facts({ buildxAvailable: false }))).toContainEqual(
      expect.stringMatching(/^cacheFrom: the classic builder/),
    );
  });

  it('a gha export outside GitHub Actions is no export (buildx drops it): not refused on the classic store', () => {
    expect(() => planRelease({ ...options, cache: 'gha' }, facts({ cacheBuilder: classicStore }))).not.toThrow();
    const inActions = new Set(['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL']);
    expect(() => planRelease({ ...options, cache: 'gha' }, facts({ cacheBuilder: classicStore, envPresent: inActions }))).toThrow(/^cache: the buildx builder "default" uses the docker driver/);
  });

  it('a gha cache outside a job with the Actions runtime variables is warned about; inside, not', () => {
    const gha = { ...options, cache: 'gha' as const };
    expect(warnings(gha, facts())).toContainEqual(expect.stringMatching(/^cache: a gha cache needs ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL/));
    expect(warnings(gha, facts({ envPresent: new Set(['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL']) })).filter((w) => w.includes('gha'))).toEqual([]);
  });
});

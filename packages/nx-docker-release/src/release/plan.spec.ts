import type { GitContext } from './git-context';
import type { DockerReleaseOptions, LoginOptions } from './options';
import { formatPlan } from './format-plan';
import { planRelease } from './plan';
import { ReleaseError } from './release-error';
import type { ReleaseFacts, ReleasePlan } from './types';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const SEED: DockerReleaseOptions = {
  images: ['ghcr.io/kyma-project/kyma-companion/ai-backend'],
  tags: ['type=sha', 'type=raw,value=latest,event=push', 'type=semver,pattern={{version}},event=tag'],
  context: 'assistant/backend',
  file: 'assistant/backend/Dockerfile',
  platforms: ['linux/amd64'],
  secrets: { JFROG_USER: 'JFROG_IDENTITY_USER', JFROG_TOKEN: 'JFROG_IDENTITY_TOKEN' },
  login: { usernameEnv: 'GH_CR_USER', passwordEnv: 'GH_CR_PAT' },
};

function facts(git: Partial<GitContext> = {}, extra: Partial<ReleaseFacts> = {}): ReleaseFacts {
  return {
    projectName: 'backend',
    projectRoot: 'assistant/backend',
    git: {
      provider: 'git',
      eventName: 'push',
      ref: 'refs/heads/main',
      sha: SHA,
      commitDate: '2026-11-20T10:00:00Z',
      payload: { repository: { default_branch: 'main' } },
      repo: { name: 'kyma-companion', html_url: 'https://github.com/kyma-project/kyma-companion', default_branch: 'main' },
      tagsAtCommit: [],
      ...git,
    },
    envPresent: new Set(['GH_CR_USER', 'GH_CR_PAT', 'JFROG_IDENTITY_USER', 'JFROG_IDENTITY_TOKEN']),
    metadataEnv: {},
    contextIsDirectory: true,
    dockerfileExists: true,
    buildxAvailable: true,
    now: new Date('2026-11-25T00:00:00Z'),
    ...extra,
  };
}

const release = (options: DockerReleaseOptions, f: ReleaseFacts): ReleasePlan => {
  const plan = planRelease(options, f);
  if (plan.kind !== 'release') throw new Error(`expected a release, got: ${plan.reason}`);
  return plan;
};
const IMG = 'ghcr.io/kyma-project/kyma-companion/ai-backend';

describe('planRelease with the seed configuration', () => {
  it('push to main (pushMode docker): latest + sha, per-project title, login then one buildx push', () => {
    const plan = release({ ...SEED, pushMode: 'docker' }, facts());
    expect(plan.tags).toEqual([`${IMG}:latest`, `${IMG}:sha-0123456`]);
    expect(plan.labels).toContain('org.opencontainers.image.title=backend');
    expect(plan.labels).toContain(`org.opencontainers.image.revision=${SHA}`);
    expect(plan.steps.map((s) => s.kind)).toEqual(['login', 'build']);
    expect(plan.steps[0]).toMatchObject({ registry: 'ghcr.io', usernameEnv: 'GH_CR_USER', passwordEnv: 'GH_CR_PAT' });
    const build = plan.steps[1];
    expect(build.kind === 'build' && build.argv).toEqual([
      'buildx',
      'build',
      '--file=assistant/backend/Dockerfile',
      '--platform=linux/amd64',
      `--tag=${IMG}:latest`,
      `--tag=${IMG}:sha-0123456`,
      ...plan.labels.map((l) => `--label=${l}`),
      '--secret=id=JFROG_USER,env=JFROG_IDENTITY_USER',
      '--secret=id=JFROG_TOKEN,env=JFROG_IDENTITY_TOKEN',
      '--metadata-file=<tmp>/build-metadata.json',
      '--push',
      'assistant/backend',
    ]);
  });

  it('stable tag: upstream lists latest twice, the plan pushes it once and warns', () => {
    const plan = release(SEED, facts({ ref: 'refs/heads/main', tagsAtCommit: ['1.2.3'] }));
    expect(plan.ref).toBe('refs/tags/1.2.3');
    expect(plan.tags).toEqual([`${IMG}:1.2.3`, `${IMG}:latest`, `${IMG}:sha-0123456`]);
    expect(plan.warnings.join('\n')).toMatch(/latest.*more than once/);
  });

  it('a project tag feeds its version part to the semver rules', () => {
    const options = { ...SEED, releaseTagPattern: '{projectName}@{version}', tags: ['type=semver,pattern={{version}}', 'type=semver,pattern={{major}}.{{minor}}', 'type=semver,pattern={{major}}'] };
    const plan = release(options, facts({ provider: 'github-actions', ref: 'refs/tags/backend@1.2.3' }));
    expect(plan.tags).toEqual([`${IMG}:1.2.3`, `${IMG}:1.2`, `${IMG}:1`, `${IMG}:latest`]);
    expect(plan.version).toBe('1.2.3');
  });

  it("passes on the metadata engine's own warnings, as upstream prints them, naming the option", () => {
    const options = { ...SEED, releaseTagPattern: 'release-{version}', tags: ['type=semver,pattern={{version}}', 'type=match,pattern=^rel-(\\d+)$,group=1', 'type=sha'] };
    const plan = release(options, facts({ provider: 'github-actions', ref: 'refs/tags/release-1.2' }));
    expect(plan.warnings).toEqual(expect.arrayContaining(['tags: 1.2 is not a valid semver. More info: https://semver.org/', 'tags: ^rel-(\\d+)$ does not match 1.2.']));
    expect(plan.tags).toEqual([`${IMG}:sha-0123456`]);
  });

  it("another project's tag skips with a one-line reason", () => {
    const plan = planRelease({ ...SEED, releaseTagPattern: '{projectName}@{version}' }, facts({ provider: 'github-actions', ref: 'refs/tags/frontend@2.0.0' }));
    expect(plan).toMatchObject({ kind: 'skip' });
    expect(formatPlan(plan)).toEqual(['backend: skipped: tag frontend@2.0.0 does not match releaseTagPattern "{projectName}@{version}" of project backend']);
  });

  it('a source the build would not find: excluded or in the wrong context refuses any run; not made yet warns in a dry run and refuses a real one', () => {
    const refusal = 'context: assistant/backend/Dockerfile:2 COPY libs/kit: excluded by assistant/backend/.dockerignore (rule "*"), so the build would not find it';
    expect(() => planRelease({ ...SEED, dryRun: true }, facts({}, { sourceProblems: { refusal } }))).toThrow(new ReleaseError(refusal));
    const missing = 'context: assistant/backend/Dockerfile:2 COPY bin/backend: not in the build context assistant/backend (assistant/backend/bin/backend does not exist)';
    expect(() => planRelease(SEED, facts({}, { sourceProblems: { missing } }))).toThrow(new ReleaseError(missing));
    expect((planRelease({ ...SEED, dryRun: true }, facts({}, { sourceProblems: { missing } })) as ReleasePlan).warnings).toContain(missing);
    // A project this tag does not release is skipped, not refused.
    const skip = planRelease({ ...SEED, releaseTagPattern: '{projectName}@{version}' }, facts({ provider: 'github-actions', ref: 'refs/tags/frontend@2.0.0' }, { sourceProblems: { refusal } }));
    expect(skip).toMatchObject({ kind: 'skip' });
  });

  it('the provenance names each base by the digest its registry resolved for the content key; an unreadable one by reference only', () => {
    const D = `sha256:${'c'.repeat(64)}`;
    const baseDigests = [
      { image: 'ghcr.io/org/base:1', digest: D },
      { image: 'ghcr.io/org/tools:2', unreadable: 'the registry does not hold it' },
    ];
    const plan = release(SEED, facts({}, { contentKey: 'sha256:feed', baseImages: ['ghcr.io/org/base:1', 'ghcr.io/org/tools:2'], baseDigests }));
    const publish = plan.steps.find((s) => s.kind === 'publish');
    expect(publish?.kind === 'publish' && publish.baseDigests).toEqual({ 'ghcr.io/org/base:1': D });
  });

  it('pushMode registry (default): BuildKit pushes the sha tag through the relay, then every tag is published', () => {
    const plan = release(SEED, facts({}, { contentKey: 'sha256:feed', baseImages: ['ghcr.io/org/base:1'] }));
    expect(plan.steps.map((s) => s.kind)).toEqual(['build', 'publish']);
    const [build, publish] = plan.steps;
    expect(build.kind === 'build' && build.argv.filter((a) => a.startsWith('--tag=') || a === '--load' || a === '--push')).toEqual(['--tag=<relay>:sha-0123456', '--push']);
    expect(plan.labels).toContain('dev.nx-docker-release.content-key=sha256:feed');
    expect(publish).toMatchObject({
      kind: 'publish',
      via: 'relay',
      baseImages: ['ghcr.io/org/base:1'],
      platform: 'linux/amd64',
      primaryTag: 'sha-0123456',
      contentKey: 'sha256:feed',
      promote: true,
      targets: [{ image: IMG, registry: 'ghcr.io', repository: 'kyma-project/kyma-companion/ai-backend', tags: ['latest', 'sha-0123456'] }],
      credentials: [{ registry: 'ghcr.io', usernameEnv: 'GH_CR_USER', passwordEnv: 'GH_CR_PAT' }],
      retry: { attempts: 5 },
    });
    // The fallback when the engine cannot reach the relay: load under the real name, save, upload.
    expect(publish.kind === 'publish' && publish.fallback?.build.argv.filter((a) => a.startsWith('--tag=') || a === '--load')).toEqual([`--tag=${IMG}:sha-0123456`, '--load']);
    expect(publish.kind === 'publish' && publish.fallback?.save).toEqual({ kind: 'save', argv: ['save', `${IMG}:sha-0123456`] });
    expect(formatPlan(plan).find((l) => l.includes('buildx build'))).toContain('--tag=$RELAY:sha-0123456');
  });

  it('pushMode registry with an engine elsewhere or the classic builder: load, save, upload', () => {
    for (const plan of [release(SEED, facts({}, { engineIsLocal: false })), release({ ...SEED, builder: 'classic' }, facts())]) {
      expect(plan.steps.map((s) => s.kind)).toEqual(['build', 'save', 'publish']);
      const [build, save, publish] = plan.steps;
      expect(build.kind === 'build' && build.argv.some((a) => a.includes('<relay>'))).toBe(false);
      expect(save).toEqual({ kind: 'save', argv: ['save', `${IMG}:sha-0123456`] });
      expect(publish).toMatchObject({ kind: 'publish', via: 'save' });
    }
  });

  it('several platforms in the default mode: one relayed build per platform, then one index', () => {
    // metadata-action writes every annotation at each level DOCKER_METADATA_ANNOTATIONS_LEVELS names.
    const levels = { DOCKER_METADATA_ANNOTATIONS_LEVELS: 'manifest,index,manifest-descriptor,index-descriptor' };
    const plan = release({ ...SEED, platforms: ['linux/amd64', 'linux/arm64/v8'], annotations: ['com.example.note=x'] }, facts({}, { metadataEnv: levels }));
    expect(plan.steps.map((s) => s.kind)).toEqual(['build', 'build', 'publish']);
    const flags = (i: number) => {
      const step = plan.steps[i];
      return step.kind === 'build' ? step.argv.filter((a) => /^--(platform|tag)=|^--push$|^--annotation=.*note/.test(a)) : [];
    };
    expect(flags(0)).toEqual(['--platform=linux/amd64', '--tag=<relay>:sha-0123456-linux-amd64', '--annotation=manifest:com.example.note=x', '--push']);
    expect(flags(1)).toEqual(['--platform=linux/arm64/v8', '--tag=<relay>:sha-0123456-linux-arm64-v8', '--annotation=manifest:com.example.note=x', '--push']);
    expect(plan.steps[2]).toMatchObject({
      kind: 'publish',
      via: 'relay',
      platforms: ['linux/amd64', 'linux/arm64/v8'],
      relayTags: ['sha-0123456-linux-amd64', 'sha-0123456-linux-arm64-v8'],
      indexAnnotations: { 'com.example.note': 'x' },
      descriptorAnnotations: { 'com.example.note': 'x' },
    });
    expect(plan.warnings.filter((w) => w.startsWith('annotation level "index-descriptor"') && w.endsWith('com.example.note=x'))).toHaveLength(1);
    // The content key covers every platform, so each platform's image carries the same label.
    const keyed = release({ ...SEED, platforms: ['linux/amd64', 'linux/arm64'] }, facts({}, { contentKey: 'sha256:feed' }));
    const builds = keyed.steps.filter((s) => s.kind === 'build');
    expect(builds).toHaveLength(2);
    for (const b of builds) expect(b.kind === 'build' && b.argv).toContain('--label=dev.nx-docker-release.content-key=sha256:feed');
  });

  it('several platforms without the relay (classic builder, engine elsewhere) point at pushMode docker; pushMode docker builds them at once', () => {
    expect(() => planRelease({ ...SEED, builder: 'classic', platforms: ['linux/amd64', 'linux/arm64'] }, facts())).toThrow(/^platforms: 2 platforms .*pushMode "docker"$/);
    expect(() => planRelease({ ...SEED, platforms: ['linux/amd64', 'linux/arm64'] }, facts({}, { engineIsLocal: false }))).toThrow(/DOCKER_HOST/);
    const plan = release({ ...SEED, pushMode: 'docker', platforms: ['linux/amd64', 'linux/arm64'] }, facts());
    expect(plan.steps.map((s) => s.kind)).toEqual(['login', 'build']);
  });

  it('split across machines: a platform run builds its platforms for digests only; the merge builds nothing', () => {
    const part = release({ ...SEED, split: 'platforms', platforms: ['linux/arm64'] }, facts());
    expect(part.steps.map((s) => s.kind)).toEqual(['build', 'publish']);
    expect(part.steps[1]).toMatchObject({ split: 'platforms', platforms: ['linux/arm64'], relayTags: ['sha-0123456-linux-arm64'], digestsDir: 'dist/docker-release/backend/digests', promote: false });
    expect(formatPlan(part).join('\n')).toContain('each published by digest, untagged');
    const merge = release({ ...SEED, split: 'merge', platforms: ['linux/amd64', 'linux/arm64'], digestsDir: 'digests' }, facts());
    expect(merge.steps.map((s) => s.kind)).toEqual(['publish']);
    expect(merge.steps[0]).toMatchObject({ split: 'merge', platforms: ['linux/amd64', 'linux/arm64'], digestsDir: 'digests', promote: true });
    expect(() => planRelease({ ...SEED, split: 'platforms', platforms: [] }, facts())).toThrow(/^split: "platforms" publishes the platforms this run builds/);
    expect(() => planRelease({ ...SEED, split: 'merge', pushMode: 'docker' }, facts())).toThrow(/^split: a split release publishes over the registry API/);
  });

  it('buildxBuilder picks the buildx builder; a tcp:// dockerHost engine is built with --load and uploaded from here', () => {
    const plan = release({ ...SEED, buildxBuilder: 'ci-builder' }, facts());
    expect(plan.steps[0].kind === 'build' && plan.steps[0].argv.slice(0, 3)).toEqual(['buildx', 'build', '--builder=ci-builder']);
    const remote = release(SEED, facts({}, { engineIsLocal: false }));
    expect(remote.steps.map((s) => s.kind)).toEqual(['build', 'save', 'publish']);
  });

  it('the name=...,enable=... image form works with a login that names no registry', () => {
    const plan = release({ ...SEED, images: ['name=ghcr.io/org/app,enable=true'] }, facts());
    expect(plan.steps.find((s) => s.kind === 'publish')).toMatchObject({ credentials: [{ registry: 'ghcr.io', usernameEnv: 'GH_CR_USER', passwordEnv: 'GH_CR_PAT' }] });
  });

  describe('a login per registry', () => {
    const TWO: DockerReleaseOptions = {
      ...SEED,
      images: [IMG, 'docker.io/kyma/ai-backend'],
      login: [
        { usernameEnv: 'GH_CR_USER', passwordEnv: 'GH_CR_PAT' },
        { registry: 'docker.io', usernameEnv: 'HUB_USER', passwordEnv: 'HUB_TOKEN' },
      ],
    };
    const env = { envPresent: new Set(['GH_CR_USER', 'GH_CR_PAT', 'HUB_USER', 'HUB_TOKEN', 'JFROG_IDENTITY_USER', 'JFROG_IDENTITY_TOKEN']) };

    it('publishes with each registry its own credentials (first entry: the first image registry)', () => {
      const publish = release(TWO, facts({}, env)).steps.find((s) => s.kind === 'publish');
      expect(publish?.kind === 'publish' && publish.credentials).toEqual([
        { registry: 'ghcr.io', usernameEnv: 'GH_CR_USER', passwordEnv: 'GH_CR_PAT' },
        { registry: 'docker.io', usernameEnv: 'HUB_USER', passwordEnv: 'HUB_TOKEN' },
      ]);
      expect(formatPlan(release(TWO, facts({}, env)))).toContainEqual(expect.stringContaining('auth ghcr.io $GH_CR_USER/$GH_CR_PAT, auth docker.io $HUB_USER/$HUB_TOKEN'));
    });

    it('pushMode docker logs in to each before the build', () => {
      const plan = release({ ...TWO, pushMode: 'docker' }, facts({}, env));
      expect(plan.steps.map((s) => (s.kind === 'login' ? `login ${s.registry} $${s.passwordEnv}` : s.kind))).toEqual(['login ghcr.io $GH_CR_PAT', 'login docker.io $HUB_TOKEN', 'build']);
    });

    it.each<[string, DockerReleaseOptions, RegExp]>([
      ['a missing variable names the entry', TWO, /^login\[1\]\.passwordEnv: environment variable HUB_TOKEN is not set$/],
      [
        'two logins for one registry',
        {
          ...TWO,
          login: [
            { usernameEnv: 'A', passwordEnv: 'B' },
            { registry: 'ghcr.io', usernameEnv: 'C', passwordEnv: 'D' },
          ],
        },
        /^login\[1\]\.registry: ghcr\.io already has a login \(login\[0\]\)$/,
      ],
    ])('%s', (_name, options, message) => {
      expect(() => planRelease(options, facts({}, { envPresent: new Set(['GH_CR_USER', 'GH_CR_PAT', 'HUB_USER', 'A', 'B', 'C', 'D', 'JFROG_IDENTITY_USER', 'JFROG_IDENTITY_TOKEN']) }))).toThrow(
        message,
      );
    });

    it('--registry moves every image to one host: the first login follows, the others are dropped', () => {
      const plan = release({ ...TWO, registry: '127.0.0.1:5000', pushMode: 'docker' }, facts({}, env));
      expect(plan.steps.filter((s) => s.kind === 'login')).toEqual([{ kind: 'login', registry: '127.0.0.1:5000', usernameEnv: 'GH_CR_USER', passwordEnv: 'GH_CR_PAT' }]);
    });

    it('--registry keeps a login whose registry the build reads: a private base image, a registry cache', () => {
      const fromHub = planRelease({ ...TWO, registry: '127.0.0.1:5000' }, facts({}, env), 'ARG BASE=docker.io/kyma\nFROM ${BASE}/go-toolchain:1.19 AS build\nFROM scratch\n');
      if (fromHub.kind !== 'release') throw new Error('expected a release');
      expect(fromHub.steps.find((s) => s.kind === 'publish')).toMatchObject({
        credentials: [
          { registry: '127.0.0.1:5000', usernameEnv: 'GH_CR_USER', passwordEnv: 'GH_CR_PAT' },
          { registry: 'docker.io', usernameEnv: 'HUB_USER', passwordEnv: 'HUB_TOKEN' },
        ],
      });
      // A cache in the images' registry moves with them (the cache.example.com one stays, with its login).
      const three = { ...TWO, login: [...(TWO.login as LoginOptions[]), { registry: 'cache.example.com', usernameEnv: 'HUB_USER', passwordEnv: 'HUB_TOKEN' }] };
      const caches = ['type=registry,ref=docker.io/kyma/ai-backend:buildcache', 'type=registry,ref=cache.example.com/ai-backend:buildcache'];
      const cached = release({ ...three, registry: '127.0.0.1:5000', pushMode: 'docker', cacheFrom: caches }, facts({}, env));
      expect(cached.steps.filter((s) => s.kind === 'login').map((s) => s.kind === 'login' && s.registry)).toEqual(['127.0.0.1:5000', 'cache.example.com']);
      const build = cached.steps.find((s) => s.kind === 'build');
      expect(build?.kind === 'build' && build.argv.filter((a) => a.startsWith('--cache-from'))).toEqual([
        '--cache-from=type=registry,ref=127.0.0.1:5000/kyma/ai-backend:buildcache',
        '--cache-from=type=registry,ref=cache.example.com/ai-backend:buildcache',
      ]);
    });
  });

  it('named build contexts reach buildx as --build-context; bad ones are refused before docker', () => {
    const plan = release({ ...SEED, buildContexts: { shared: 'assistant/shared', base: 'docker-image://alpine:3.20' } }, facts());
    const build = plan.steps.find((s) => s.kind === 'build');
    expect(build?.kind === 'build' && build.argv.filter((a) => a.startsWith('--build-context'))).toEqual([
      '--build-context=shared=assistant/shared',
      '--build-context=base=docker-image://alpine:3.20',
    ]);
    expect(() => planRelease({ ...SEED, buildContexts: { 'bad name': 'x' } }, facts())).toThrow(/^buildContexts: "bad name" is not a valid build context name$/);
    expect(() => planRelease({ ...SEED, buildContexts: { shared: 'nowhere' } }, facts({}, { missingBuildContexts: ['shared'] }))).toThrow(/^buildContexts.shared: directory "nowhere" does not exist$/);
    expect(() => planRelease({ ...SEED, buildContexts: { shared: 'assistant/shared' } }, facts({}, { buildxAvailable: false }))).toThrow(/^buildContexts: named build contexts need docker buildx/);
  });

  it('--registry moves images and the login to another host', () => {
    const plan = release({ ...SEED, registry: '127.0.0.1:5000', pushMode: 'docker' }, facts());
    expect(plan.tags[0]).toBe('127.0.0.1:5000/kyma-project/kyma-companion/ai-backend:latest');
    expect(plan.steps[0]).toMatchObject({ kind: 'login', registry: '127.0.0.1:5000' });
  });

  it('without buildx: BuildKit docker build, then one push per tag', () => {
    const plan = release({ ...SEED, pushMode: 'docker' }, facts({}, { buildxAvailable: false }));
    expect(plan.steps.map((s) => s.kind)).toEqual(['login', 'build', 'push', 'push']);
    expect(plan.steps[1]).toMatchObject({ builder: 'classic', env: { DOCKER_BUILDKIT: '1' } });
  });

  it('dry run prints commands with variable names only', () => {
    const lines = formatPlan(release({ ...SEED, pushMode: 'docker' }, facts())).join('\n');
    expect(lines).toContain('docker login --username=$GH_CR_USER --password-stdin ghcr.io  # password from $GH_CR_PAT on stdin');
    expect(lines).toContain('--secret=id=JFROG_TOKEN,env=JFROG_IDENTITY_TOKEN');
    expect(lines).toContain('--metadata-file=$TMPDIR/build-metadata.json');
  });
});

describe('planRelease rejects bad input before any docker call', () => {
  it.each<[string, DockerReleaseOptions, Partial<ReleaseFacts>, RegExp]>([
    ['no images', { ...SEED, images: [] }, {}, /^images: at least one/],
    ['invalid image', { ...SEED, images: ['GHCR.io/Org/App:1'] }, {}, /^images\[0\]: .* is not a valid image name/],
    ['missing Dockerfile', SEED, { dockerfileExists: false }, /^file: Dockerfile "assistant\/backend\/Dockerfile" does not exist/],
    ['missing context', SEED, { contextIsDirectory: false }, /^context: build context "assistant\/backend" is not a directory/],
    ['unparsable tag rule', { ...SEED, tags: ['type=semver'] }, {}, /^tags: /],
    ['unknown tag type', { ...SEED, tags: ['type=bogus'] }, {}, /^tags: .*bogus/],
    ['missing password variable', SEED, { envPresent: new Set(['GH_CR_USER', 'JFROG_IDENTITY_USER', 'JFROG_IDENTITY_TOKEN']) }, /^login.passwordEnv: environment variable GH_CR_PAT is not set$/],
    ['missing secret variable', SEED, { envPresent: new Set(['GH_CR_USER', 'GH_CR_PAT', 'JFROG_IDENTITY_USER']) }, /^secrets.JFROG_TOKEN: environment variable JFROG_IDENTITY_TOKEN is not set$/],
    ['bad platform', { ...SEED, platforms: ['amd64'] }, {}, /^platforms: "amd64"/],
    // Hardening: hosts docker would read differently than the plan says, paths out of the workspace.
    ['one-label registry (a Docker Hub namespace to docker)', { ...SEED, registry: 'myregistry' }, {}, /^registry: "myregistry" has no dot or port, so docker would read it as a Docker Hub namespace/],
    ['upper-case registry', { ...SEED, registry: 'Registry.Example.com' }, {}, /^registry: "Registry.Example.com" is not a registry host \(write it in lowercase/],
    ['upper-case image host', { ...SEED, images: ['Ghcr.io/org/app'] }, {}, /^images\[0\]: "Ghcr.io\/org\/app" has an upper-case registry host/],
    [
      'login.registry with a scheme',
      { ...SEED, login: { registry: 'http://ghcr.io', usernameEnv: 'GH_CR_USER', passwordEnv: 'GH_CR_PAT' } },
      {},
      /^login.registry: "http:\/\/ghcr.io" is not a registry host \(no scheme/,
    ],
    [
      'login[1].registry like a flag',
      {
        ...SEED,
        login: [
          { usernameEnv: 'GH_CR_USER', passwordEnv: 'GH_CR_PAT' },
          { registry: '--password=x', usernameEnv: 'GH_CR_USER', passwordEnv: 'GH_CR_PAT' },
        ],
      },
      {},
      /^login\[1\].registry: "--password=x" is not a registry host/,
    ],
    [
      'a bare image name (Docker Hub library/, nobody can push there)',
      { ...SEED, images: ['api'] },
      {},
      /^images\[0\]: "api" has no registry or namespace, so it means Docker Hub's official library\/api/,
    ],
    ['resultFile outside the workspace', { ...SEED, resultFile: '../../etc/result.json' }, {}, /^resultFile: "..\/..\/etc\/result.json" is outside the workspace/],
    ['absolute resultFile', { ...SEED, resultFile: '/tmp/result.json' }, {}, /^resultFile: "\/tmp\/result.json" is outside the workspace/],
    [
      'digestsDir outside the workspace',
      { ...SEED, split: 'merge', digestsDir: '../digests' },
      {},
      /^digestsDir: "..\/digests" is outside the workspace \(give a path relative to the workspace root, without ..\)$/,
    ],
    ['absolute digestsDir', { ...SEED, split: 'platforms', platforms: ['linux/amd64'], digestsDir: '/tmp/digests' }, {}, /^digestsDir: "\/tmp\/digests" is outside the workspace/],
    [
      'a credential variable set but empty',
      SEED,
      { envPresent: new Set(['GH_CR_USER', 'JFROG_IDENTITY_USER', 'JFROG_IDENTITY_TOKEN']), envEmpty: new Set(['GH_CR_PAT']) },
      /^login.passwordEnv: environment variable GH_CR_PAT is set but empty$/,
    ],
    [
      'missing Dockerfile in the default place names the path',
      { ...SEED, file: undefined, context: 'services/api' },
      { dockerfileExists: false },
      /^file: Dockerfile "services\/api\/Dockerfile" does not exist$/,
    ],
    [
      'two name= fields in one image entry',
      { ...SEED, images: ['name=ghcr.io/org/app,name=--output=/tmp/x'] },
      {},
      /^images\[0\]: "name=ghcr.io\/org\/app,name=--output=\/tmp\/x" has more than one name= field/,
    ],
    ['context like a flag', { ...SEED, context: '--push' }, {}, /^context: "--push" is not a usable path/],
    ['bad pinned sha', { ...SEED, sha: 'abc' }, {}, /^sha: /],
    ['bad release tag pattern', { ...SEED, releaseTagPattern: '{projectName}' }, {}, /^releaseTagPattern: /],
  ])('%s', (_name, options, extra, message) => {
    expect(() => planRelease(options, facts({}, extra))).toThrow(ReleaseError);
    expect(() => planRelease(options, facts({}, extra))).toThrow(message);
  });

  it('a dry run reports a missing credential variable as a warning and still plans', () => {
    const plan = release({ ...SEED, dryRun: true }, facts({}, { envPresent: new Set() }));
    expect(plan.warnings).toContain('login.passwordEnv: environment variable GH_CR_PAT is not set (a real run would stop here)');
  });
});

describe('planRelease: allowDirty never claims the clean commit', () => {
  it('label, annotations and the published manifest annotations all say <sha>-dirty', () => {
    const f = facts({}, { changedFiles: ['assistant/backend/main.go'] });
    const plan = release({ ...SEED, tags: ['type=raw,value=dev'], annotations: ['org.example.team=core'], allowDirty: true }, f);
    const sha = f.git.sha;
    expect(plan.labels).toContain(`org.opencontainers.image.revision=${sha}-dirty`);
    const revisions = plan.annotations.filter((a) => a.includes('org.opencontainers.image.revision='));
    expect(revisions.length).toBeGreaterThan(0);
    for (const a of revisions) expect(a.endsWith(`=${sha}-dirty`)).toBe(true);
    const publish = plan.steps.find((s) => s.kind === 'publish');
    const published = publish && 'annotations' in publish ? (publish.annotations as Record<string, string>)['org.opencontainers.image.revision'] : undefined;
    expect(published).toBe(`${sha}-dirty`);
  });
});

describe('planRelease: tag rules that produce no tag', () => {
  const pr = facts({ provider: 'github-actions', eventName: 'pull_request', ref: 'refs/pull/7/merge', payload: { number: 7, repository: { default_branch: 'main' } } });

  it('skip the project with the reason, before the dirty check (nothing is built)', () => {
    const plan = planRelease({ ...SEED, tags: ['type=raw,value=latest,enable={{is_default_branch}}'] }, { ...pr, changedFiles: ['assistant/backend/main.go'] });
    expect(plan).toEqual({
      kind: 'skip',
      project: 'backend',
      reason: 'tags: the tag rules produce no tag for pull_request refs/pull/7/merge; nothing to release',
      resultFile: 'dist/docker-release/backend.json',
    });
    expect(formatPlan(plan)).toEqual(['backend: skipped: tags: the tag rules produce no tag for pull_request refs/pull/7/merge; nothing to release']);
  });

  it('keep the warnings found on the way (upstream\'s "no tag" warnings are the reason)', () => {
    const plan = planRelease({ ...SEED, tags: ['type=raw,value=latest,event=push,enable={{is_default_branch}}'] }, pr);
    expect(plan.kind).toBe('skip');
    expect(plan.warnings).toEqual([expect.stringMatching(/^tags "type=raw,value=latest,event=push,enable=\{\{is_default_branch\}\}": event= has no effect/)]);
    expect(formatPlan(plan).slice(1)).toEqual(plan.warnings?.map((w) => `warning: ${w}`));
  });

  it('a rule that tags the pull request releases it', () => {
    expect(release({ ...SEED, tags: ['type=ref,event=pr'] }, pr).tags).toEqual([`${IMG}:pr-7`]);
  });
});

describe('planRelease: uncommitted build inputs', () => {
  const dirty = facts({}, { changedFiles: ['assistant/backend/main.go'] });
  const refusal =
    'the build inputs have uncommitted changes (assistant/backend/main.go): an image tagged with commit 0123456 must be built from it; commit or stash them, or set allowDirty to build without tags that name the commit';

  it('stop a real run, naming the files', () => {
    expect(() => planRelease(SEED, dirty)).toThrow(new ReleaseError(refusal));
  });

  it('are a warning in a dry run, which plans what the commit releases', () => {
    const plan = release({ ...SEED, dryRun: true }, dirty);
    expect(plan.warnings).toContain(`${refusal} (a real run stops here)`);
    expect(plan.tags).toEqual([`${IMG}:latest`, `${IMG}:sha-0123456`]);
    expect(plan.labels).toContain(`org.opencontainers.image.revision=${SHA}`);
  });

  it('with allowDirty and only tags naming the commit: a real run stops, a dry run warns', () => {
    const line = 'allowDirty: every tag names the commit, so none may be pushed from a changed tree; add a rule that does not (e.g. type=raw,value=dev)';
    expect(() => planRelease({ ...SEED, tags: ['type=sha'], allowDirty: true }, dirty)).toThrow(new ReleaseError(line));
    const plan = release({ ...SEED, tags: ['type=sha'], allowDirty: true, dryRun: true }, dirty);
    expect(plan.warnings).toContain(`${line} (a real run stops here)`);
    expect(plan.tags).toEqual([`${IMG}:sha-0123456`]);
  });
});

describe('promoteFrom: other commits whose image may be promoted', () => {
  const PARENT = 'fedcba9876543210fedcba9876543210fedcba98';
  const publishOf = (plan: ReleasePlan) => plan.steps.find((s) => s.kind === 'publish');

  it('their primary tag is this one with their sha written in, short or long, and the plan names them', () => {
    const short = release({ ...SEED, promoteFrom: [PARENT, SHA] }, facts({}, { contentKey: 'sha256:feed' }));
    expect(publishOf(short)).toMatchObject({ primaryTag: 'sha-0123456', promoteCandidates: ['sha-fedcba9'] });
    expect(formatPlan(short).join('\n')).toContain('reuse sha-0123456 or sha-fedcba9 if it has content key');
    const long = release({ ...SEED, tags: ['type=sha,format=long,prefix=git-'], promoteFrom: [PARENT] }, facts({}, { contentKey: 'sha256:feed' }));
    expect(publishOf(long)).toMatchObject({ primaryTag: `git-${SHA}`, promoteCandidates: [`git-${PARENT}`] });
  });

  it('without a sha tag there is nothing to derive; a bad sha is one line naming the entry', () => {
    const plan = release({ ...SEED, tags: ['type=raw,value=edge'], promoteFrom: [PARENT] }, facts({}, { contentKey: 'sha256:feed' }));
    expect(publishOf(plan)).not.toHaveProperty('promoteCandidates');
    expect(() => planRelease({ ...SEED, promoteFrom: ['HEAD~1'] }, facts())).toThrow(/^promoteFrom\[0\]: "HEAD~1" must be a full 40-character lowercase commit sha$/);
  });
});

describe('provenance and sign in the plan', () => {
  const KEYED = { keyEnv: 'COSIGN_PRIVATE_KEY', passwordEnv: 'COSIGN_PASSWORD' };
  const withKey = (extra: Partial<ReleaseFacts> = {}) =>
    facts({}, { envPresent: new Set(['GH_CR_USER', 'GH_CR_PAT', 'JFROG_IDENTITY_USER', 'JFROG_IDENTITY_TOKEN', 'COSIGN_PRIVATE_KEY', 'COSIGN_PASSWORD']), cosignAvailable: true, ...extra });

  it('provenance is min by default on a registry publish, and false leaves it out', () => {
    const publish = (options: DockerReleaseOptions) => release(options, facts()).steps.find((s) => s.kind === 'publish');
    expect(publish(SEED)).toMatchObject({ provenance: { mode: 'min', externalParameters: { nx: { project: 'backend', target: 'release' } } } });
    expect(publish({ ...SEED, provenance: false })).not.toHaveProperty('provenance');
    expect(publish({ ...SEED, provenance: 'max' })).toMatchObject({ provenance: { mode: 'max' } });
  });

  it('pushMode docker: an explicit provenance is warned about (none is attached), the default is silent', () => {
    expect(release({ ...SEED, pushMode: 'docker', provenance: 'max' }, facts()).warnings).toContain(
      'provenance: attached over the registry API only (pushMode "registry"); this docker push carries none',
    );
    expect(release({ ...SEED, pushMode: 'docker' }, facts()).warnings.some((w) => w.startsWith('provenance'))).toBe(false);
  });

  it('sign: one cosign step after the publish, the key by variable name, and the plan line says how', () => {
    const plan = release({ ...SEED, sign: KEYED }, withKey());
    expect(plan.steps.map((s) => s.kind)).toEqual(['build', 'publish', 'sign']);
    expect(plan.steps[2]).toEqual({
      kind: 'sign',
      cosign: 'cosign',
      argv: ['sign', '--yes', '--key', 'env://COSIGN_PRIVATE_KEY', '--tlog-upload=false'],
      keyless: false,
      keyEnv: 'COSIGN_PRIVATE_KEY',
      passwordEnv: 'COSIGN_PASSWORD',
      images: [IMG],
    });
    expect(formatPlan(plan).join('\n')).toContain(
      `cosign sign --yes --key env://COSIGN_PRIVATE_KEY --tlog-upload=false <image>@<digest>  # key from $COSIGN_PRIVATE_KEY, password from $COSIGN_PASSWORD, no transparency log; once per digest in ${IMG}`,
    );
    const keyless = release({ ...SEED, sign: { keyless: true } }, withKey({ envPresent: new Set([...withKey().envPresent, 'ACTIONS_ID_TOKEN_REQUEST_URL']) }));
    expect(keyless.steps[2]).toMatchObject({ kind: 'sign', argv: ['sign', '--yes'], keyless: true });
  });

  it.each<[string, DockerReleaseOptions, Partial<ReleaseFacts>, RegExp]>([
    [
      'a missing key variable',
      { ...SEED, sign: KEYED },
      { envPresent: new Set(['GH_CR_USER', 'GH_CR_PAT', 'JFROG_IDENTITY_USER', 'JFROG_IDENTITY_TOKEN', 'COSIGN_PASSWORD']) },
      /^sign\.keyEnv: environment variable COSIGN_PRIVATE_KEY is not set$/,
    ],
    ['no cosign', { ...SEED, sign: KEYED }, { cosignAvailable: false }, /^sign: cosign was not found \(cosign on PATH\); install cosign 2\.x/],
    ['keyless outside Actions', { ...SEED, sign: { keyless: true } }, {}, /^sign\.keyless: no GitHub Actions OIDC token .*id-token: write/],
    ['a bad password variable name', { ...SEED, sign: { keyEnv: 'COSIGN_PRIVATE_KEY', passwordEnv: 'no-such name' } }, {}, /^sign\.passwordEnv: "no-such name" is not an environment variable name$/],
  ])('%s is one line before any docker call', (_what, options, extra, message) => {
    expect(() => planRelease(options, withKey(extra))).toThrow(message);
  });

  it('an empty password variable is fine (a key without a password); a dry run warns instead of stopping', () => {
    expect(() =>
      release(
        { ...SEED, sign: KEYED },
        withKey({ envPresent: new Set(['GH_CR_USER', 'GH_CR_PAT', 'JFROG_IDENTITY_USER', 'JFROG_IDENTITY_TOKEN', 'COSIGN_PRIVATE_KEY']), envEmpty: new Set(['COSIGN_PASSWORD']) }),
      ),
    ).not.toThrow();
    const dry = release({ ...SEED, sign: KEYED, dryRun: true }, withKey({ cosignAvailable: false }));
    expect(dry.warnings.some((w) => w.startsWith('sign: cosign was not found') && w.endsWith('(a real run would stop here)'))).toBe(true);
  });
});

describe('planRelease: expressions kept from a workflow', () => {
  it('resolves ${{ github.repository }} and env references at run time; the plan shows the names it pushes', () => {
    const options: DockerReleaseOptions = {
      ...SEED,
      images: ['ghcr.io/${{ github.repository }}', '${{ env.HUB_NAMESPACE }}/ai-backend'],
      tags: ["type=raw,value=edge,enable=${{ github.ref == format('refs/heads/{0}', 'main') }}", 'type=sha'],
      login: [
        { registry: 'ghcr.io', usernameEnv: 'GH_CR_USER', passwordEnv: 'GH_CR_PAT' },
        { registry: 'docker.io', usernameEnv: 'GH_CR_USER', passwordEnv: 'GH_CR_PAT' },
      ],
    };
    const plan = release(options, facts({ repository: 'Kyma-Project/kyma-companion' }, { expressionEnv: { HUB_NAMESPACE: 'kyma' } }));
    expect(plan.images).toEqual(['ghcr.io/kyma-project/kyma-companion', 'kyma/ai-backend']);
    expect(plan.tags).toEqual(
      ['ghcr.io/kyma-project/kyma-companion:edge', 'ghcr.io/kyma-project/kyma-companion:sha-0123456', 'docker.io/kyma/ai-backend:edge', 'docker.io/kyma/ai-backend:sha-0123456'].map((t) =>
        t.replace('docker.io/', ''),
      ),
    );
    expect(formatPlan(plan).join('\n')).toContain('ghcr.io/kyma-project/kyma-companion:edge');
    const feature = release(options, facts({ ref: 'refs/heads/feature', repository: 'kyma-project/kyma-companion' }, { expressionEnv: { HUB_NAMESPACE: 'kyma' } }));
    expect(feature.tags).toEqual(['ghcr.io/kyma-project/kyma-companion:sha-0123456', 'kyma/ai-backend:sha-0123456']);
  });

  it('stops on an expression it cannot evaluate, naming the option', () => {
    expect(() => planRelease({ ...SEED, tags: ['type=raw,value=${{ steps.meta.outputs.version }}'] }, facts())).toThrow(
      new ReleaseError('tags[0]: "type=raw,value=${{ steps.meta.outputs.version }}": the steps context is not available here'),
    );
  });
});

describe('planRelease on pull_request_target', () => {
  it('tags the pull request (the metadata engine rewrites the base ref) while github.ref stays the base branch', () => {
    const options: DockerReleaseOptions = { ...SEED, tags: ['type=ref,event=pr', "type=raw,value=base,enable=${{ github.ref == 'refs/heads/main' }}"] };
    const plan = release(options, facts({ provider: 'github-actions', eventName: 'pull_request_target', ref: 'refs/heads/main', payload: { number: 42, repository: { default_branch: 'main' } } }));
    expect(plan.tags).toEqual([`${IMG}:pr-42`, `${IMG}:base`]);
  });
});

describe('planRelease on a release tag: what the tag rules see', () => {
  const tags = ['type=ref,event=tag', 'type=semver,pattern={{version}}', 'type=raw,value={{tag}}'];
  it('a pattern without the project hands over the tag as pushed (v1.2.3), as upstream does', () => {
    const plan = release({ ...SEED, tags, releaseTagPattern: 'v{version}' }, facts({ provider: 'github-actions', ref: 'refs/tags/v1.2.3' }));
    expect(plan.tags).toEqual([`${IMG}:1.2.3`, `${IMG}:v1.2.3`, `${IMG}:latest`]);
  });
  it("the default {version} takes bare versions only: a v-tag is another pattern's, so the project is skipped", () => {
    const plan = planRelease({ ...SEED, tags }, facts({ provider: 'github-actions', ref: 'refs/tags/v0.0.9' }));
    expect(plan).toMatchObject({ kind: 'skip', reason: 'tag v0.0.9 does not match releaseTagPattern "{version}" of project backend' });
    expect(release({ ...SEED, tags }, facts({ provider: 'github-actions', ref: 'refs/tags/0.0.9' })).tags).toEqual([`${IMG}:0.0.9`, `${IMG}:latest`]);
  });
  it('a tag releases exactly the projects whose pattern it matches; each run names the others', () => {
    const others = [
      { project: 'api', pattern: 'v{version}' },
      { project: 'web', pattern: '{version}' },
      { project: 'docs', pattern: '{projectName}@{version}' },
    ];
    const onV = planRelease({ ...SEED, tags }, facts({ provider: 'github-actions', ref: 'refs/tags/v0.0.9' }, { otherReleaseTagPatterns: others }));
    expect(onV).toMatchObject({ kind: 'skip', reason: 'tag v0.0.9 does not match releaseTagPattern "{version}" of project backend; it releases api ("v{version}")' });
    const shared = release({ ...SEED, tags }, facts({ provider: 'github-actions', ref: 'refs/tags/0.0.9' }, { otherReleaseTagPatterns: others }));
    expect(shared.tags).toEqual([`${IMG}:0.0.9`, `${IMG}:latest`]);
    expect(shared.warnings).toContain(
      'releaseTagPattern: tag 0.0.9 matches "{version}" of backend and the pattern of web ("{version}"), so it releases each of them; give each project a pattern of its own, e.g. "{projectName}@{version}"',
    );
    const own = release({ ...SEED, tags, releaseTagPattern: '{projectName}@{version}' }, facts({ provider: 'github-actions', ref: 'refs/tags/backend@0.0.9' }, { otherReleaseTagPatterns: others }));
    expect(own.warnings.filter((w) => w.startsWith('releaseTagPattern'))).toEqual([]);
    // Another project's malformed pattern is its own run's error.
    const broken = planRelease({ ...SEED, tags }, facts({ provider: 'github-actions', ref: 'refs/tags/x' }, { otherReleaseTagPatterns: [{ project: 'x', pattern: '{nope}' }] }));
    expect(broken).toMatchObject({ kind: 'skip', reason: 'tag x does not match releaseTagPattern "{version}" of project backend' });
  });
  it.each(['{projectName}@{version}', 'backend@{version}'])('a project tag hands over the version only (backend@1.2.3 -> 1.2.3), pattern %s', (releaseTagPattern) => {
    // Nx writes the project name into an inferred target's options: backend@{version}.
    const plan = release({ ...SEED, tags, releaseTagPattern }, facts({ provider: 'github-actions', ref: 'refs/tags/backend@1.2.3' }));
    expect(plan.tags).toEqual([`${IMG}:1.2.3`, `${IMG}:latest`]);
  });
});

describe('planRelease: the github context of a release found at the commit', () => {
  it('a local run on a tagged commit sees the tag as github.ref (github.ref_type is tag)', () => {
    const options: DockerReleaseOptions = { ...SEED, releaseTagPattern: 'v{version}', tags: ['type=semver,pattern={{version}}', "type=raw,value={{sha}},enable=${{ github.ref_type != 'tag' }}"] };
    const tagged = release(options, facts({ ref: 'refs/heads/main', tagsAtCommit: ['v1.2.3'] }));
    expect(tagged.tags).toEqual([`${IMG}:1.2.3`, `${IMG}:latest`]);
    const untagged = release(options, facts({ ref: 'refs/heads/main' }));
    expect(untagged.tags).toEqual([`${IMG}:0123456`]);
  });
});

describe('planRelease: image lines metadata-action refuses', () => {
  it("names the option with metadata-action's own message", () => {
    expect(() => planRelease({ ...SEED, images: ['ghcr.io/acme/app,colour=blue'] }, facts())).toThrow(new ReleaseError('images[0]: Unknown image attribute: ghcr.io/acme/app,colour=blue'));
  });
});

describe('planRelease: a broken tag rule is one line at plan time, whatever the event', () => {
  it.each([
    [['type=sha', 'type=match,pattern=(,group=1'], 'tags: rule "type=match,pattern=(,group=1": pattern: Invalid regular expression: /(/: Unterminated group'],
    [['type=sha', 'type=raw,value={{#if}'], `tags: rule "type=raw,value={{#if}": template "{{#if}": Parse error on line 1 near "{{#if}": got 'INVALID'`],
    [['type=raw,value={{foo bar}}'], 'tags: rule "type=raw,value={{foo bar}}": template "{{foo bar}}": Missing helper: "foo"'],
  ])('%j on a branch push', (tags, line) => {
    // A branch push never evaluates the match rule: upstream would silently give it no tag.
    expect(() => planRelease({ ...SEED, tags, dryRun: true }, facts())).toThrow(new ReleaseError(line));
  });
});

describe('planRelease: image name length', () => {
  const named = (n: number): string => `ghcr.io/acme/${'a'.repeat(n - 'ghcr.io/acme/'.length)}`;

  it('a name over 255 characters says too long', () => {
    expect(() => planRelease({ ...SEED, images: [named(256)] }, facts())).toThrow(/^images\[0\]: "ghcr\.io\/acme\/a+\.\.\." is too long \(256 > 255 characters/);
  });

  it('registry mode: a repository the local relay cannot name is one line at plan time; pushMode docker takes it', () => {
    expect(() => planRelease({ ...SEED, images: [named(250)] }, facts())).toThrow(
      /^images\[0\]: repository "acme\/a+\.\.\." is too long for the build's local relay \(258 > 255 characters as 127\.0\.0\.1:<port>\/<repository>\); shorten it, or use pushMode "docker"$/,
    );
    expect(planRelease({ ...SEED, images: [named(250)], pushMode: 'docker' }, facts()).kind).toBe('release');
    expect(planRelease({ ...SEED, images: [named(247)] }, facts()).kind).toBe('release');
  });
});

describe('planRelease: a label or annotation template that does not parse names its entry', () => {
  it.each([
    [{ labels: ['org.example.a=1', 'org.example.b={{#if}'] }, `labels[1]: template "org.example.b={{#if}": Parse error on line 1 near "org.example.b={{#if}": got 'INVALID'`],
    [{ annotations: ['index:org.example.c={{x'] }, `annotations[0]: template "index:org.example.c={{x": Parse error on line 1 near "...dex:org.example.c={{x": got 'INVALID'`],
  ])('%j', (extra, line) => {
    expect(() => planRelease({ ...SEED, ...extra, dryRun: true }, facts())).toThrow(new ReleaseError(line));
  });
});

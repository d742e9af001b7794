import { computeMetadataDetailed } from './compute-metadata';
import { MetadataError } from './metadata-error';
import type { MetadataInput } from './types';

/**
 * docker/metadata-action behaviour that upstream's test vectors in fixtures/ do not cover, found
 * by running the action (probes): the seed config's results and the probed rules, as small tables
 * over the public entry point.
 */
const SHA = '0123456789abcdef0123456789abcdef01234567';

interface Scenario {
  ref: string;
  eventName?: string;
  tags?: string[];
  flavor?: string[];
  images?: string[];
  labels?: string[];
  env?: Record<string, string>;
  payload?: Record<string, unknown>;
}

function run(s: Scenario): ReturnType<typeof computeMetadataDetailed> {
  const input: MetadataInput = {
    context: {
      eventName: s.eventName ?? 'push',
      ref: s.ref,
      sha: SHA,
      payload: s.payload ?? { repository: { default_branch: 'main' } },
      commitDate: '2020-01-10T00:30:00.000Z',
    },
    repo: { name: 'app', default_branch: 'main', html_url: 'https://github.com/user/app', license: null },
    images: s.images ?? ['user/app'],
    tags: s.tags ?? [],
    flavor: s.flavor ?? [],
    labels: s.labels ?? [],
    annotations: [],
    env: s.env ?? {},
    now: new Date('2021-02-03T04:05:06.789Z'),
  };
  return computeMetadataDetailed(input);
}

const SEED = ['type=sha', 'type=raw,value=latest,event=push', 'type=semver,pattern={{version}},event=tag'];

describe('seed config (what docker/metadata-action gives for the seed rules)', () => {
  test.each<[string, Scenario, string, string[]]>([
    ['a push main', { ref: 'refs/heads/main' }, 'latest', ['latest', 'sha-0123456']],
    ['b tag 1.2.3', { ref: 'refs/tags/1.2.3' }, '1.2.3', ['1.2.3', 'latest', 'sha-0123456', 'latest']],
    ['c tag v1.2.3-rc.1', { ref: 'refs/tags/v1.2.3-rc.1' }, '1.2.3-rc.1', ['1.2.3-rc.1', 'latest', 'sha-0123456']],
    ['d pull_request', { ref: 'refs/pull/42/merge', eventName: 'pull_request' }, 'latest', ['latest', 'sha-0123456']],
    ['f tag with latest=false', { ref: 'refs/tags/1.2.3', flavor: ['latest=false'] }, '1.2.3', ['1.2.3', 'latest', 'sha-0123456']],
  ])('%s', (_name, scenario, version, tagNames) => {
    const { output } = run({ tags: SEED, ...scenario });
    expect(output.version).toBe(version);
    expect(output.tags).toEqual(tagNames.map((t) => `user/app:${t}`));
    expect(output.labels).toContain(`org.opencontainers.image.version=${version}`);
  });

  test('d2 DOCKER_METADATA_PR_HEAD_SHA switches sha and revision to the PR head', () => {
    const head = 'fedcba9876543210fedcba9876543210fedcba98';
    const { output } = run({
      tags: SEED,
      ref: 'refs/pull/42/merge',
      eventName: 'pull_request',
      env: { DOCKER_METADATA_PR_HEAD_SHA: 'TRUE' },
      payload: { pull_request: { head: { sha: head } } },
    });
    expect(output.tagNames).toEqual(['latest', 'sha-fedcba9']);
    expect(output.labels).toContain(`org.opencontainers.image.revision=${head}`);
  });
});

describe('tag rules (probes)', () => {
  test.each<[string, Scenario, string[]]>([
    ['keys are case-insensitive', { ref: 'refs/heads/main', tags: ['TYPE=raw,VALUE=bar'] }, ['bar']],
    ['last bare field is the value', { ref: 'refs/heads/main', tags: ['type=raw,x,y'] }, ['y']],
    ['value keeps further =', { ref: 'refs/heads/main', tags: ['type=raw,value=a=b'] }, ['a-b']],
    ['branch is sanitised', { ref: 'refs/heads/my/feature#1245', tags: ['type=ref,event=branch'] }, ['my-feature-1245']],
    ['handlebars escapes into tags', { ref: 'refs/heads/a&b=c', tags: ['type=ref,event=branch', 'type=raw,value=v-{{branch}}'] }, ['a-b-c', 'v-a-amp-b-x3D-c']],
    ['pull head ref', { ref: 'refs/pull/42/head', eventName: 'pull_request', tags: ['type=ref,event=pr'] }, ['pr-42-head']],
    ['flavor prefix skips sha and pr, suffix does not', { ref: 'refs/pull/7/merge', tags: ['type=ref,event=pr', 'type=sha'], flavor: ['prefix=p-', 'suffix=-s'] }, ['pr-7-s', 'sha-0123456-s']],
    ['prerelease collapses a prefixed pattern', { ref: 'refs/tags/v1.2.3-rc.1', tags: ['type=semver,pattern=v{{version}}'] }, ['1.2.3-rc.1']],
    ['{{raw}} keeps a prerelease as written', { ref: 'refs/tags/v1.2.3-rc.1', tags: ['type=semver,pattern={{raw}}'] }, ['v1.2.3-rc.1']],
    ['v0 major still tags', { ref: 'refs/tags/v0.3.1', tags: ['type=semver,pattern={{major}}'] }, ['0', 'latest']],
    ['any tag name gets latest', { ref: 'refs/tags/nightly-build', tags: ['type=ref,event=tag'] }, ['nightly-build', 'latest']],
    ['priority decides auto-latest', { ref: 'refs/tags/1.0.0', tags: ['type=raw,priority=2000,value=first', 'type=ref,event=tag'] }, ['first', '1.0.0']],
    ['pep440 normalises prereleases', { ref: 'refs/tags/1.1beta2', tags: ['type=pep440,pattern={{version}}'] }, ['1.1b2']],
    ['edge uses the repo default branch', { ref: 'refs/heads/main', tags: ['type=edge'] }, ['edge']],
    ['schedule on any ref is the default branch', { ref: 'refs/heads/dev', eventName: 'schedule', tags: ['type=raw,value=d,enable={{is_default_branch}}'] }, ['d']],
    ['unquoted date format falls back to ISO', { ref: 'refs/heads/main', tags: ['type=raw,value={{date YYYY}}'] }, ['2021-02-03T04-05-06Z']],
    ['date with tz', { ref: 'refs/heads/main', tags: ["type=raw,value={{date 'YYYYMMDD-HH' tz='Asia/Tokyo'}}"] }, ['20210203-13']],
    ['match group index must be canonical', { ref: 'refs/tags/v1.2', tags: ['type=match,pattern=v(.*),group=01', 'type=raw,value=x'] }, ['x']],
    ['match with /body/flags', { ref: 'refs/tags/V1.2', tags: ['type=match,pattern=/v(\\d)/i,group=1'] }, ['1', 'latest']],
  ])('%s', (_name, scenario, tagNames) => {
    expect(run(scenario).output.tagNames).toEqual(tagNames);
  });

  test('invalid semver warns and produces nothing', () => {
    const { output, warnings } = run({ ref: 'refs/tags/v1.2', tags: ['type=semver,pattern={{version}}'] });
    expect(output.tags).toEqual([]);
    expect(warnings).toContain('v1.2 is not a valid semver. More info: https://semver.org/');
  });

  test('images: lower-cased, disabled ones dropped, bare tags when none enabled', () => {
    expect(run({ ref: 'refs/heads/main', tags: ['x'], images: ['ghcr.io/UserName/App', 'name=b/c,enable=false'] }).output.tags).toEqual(['ghcr.io/username/app:x']);
    expect(run({ ref: 'refs/heads/main', tags: ['x'], images: ['name=b/c,enable=false'] }).output.tags).toEqual(['x']);
  });
});

describe('short sha length (docker/metadata-action `src/meta.ts › shortSha`)', () => {
  test.each<[string, string]>([
    ['12', 'sha-0123456789ab'],
    ['100', `sha-${SHA}`],
    ['0', 'sha-'],
    ['', 'sha-0123456'],
  ])('DOCKER_METADATA_SHORT_SHA_LENGTH=%j', (length, tag) => {
    const env = { DOCKER_METADATA_SHORT_SHA_LENGTH: length };
    expect(run({ ref: 'refs/heads/main', tags: ['type=sha'], env }).output.tagNames).toEqual([tag]);
  });

  test('a non-number fails only when a short sha is needed', () => {
    const env = { DOCKER_METADATA_SHORT_SHA_LENGTH: 'abc' };
    expect(() => run({ ref: 'refs/heads/main', tags: ['type=sha'], env })).toThrow('DOCKER_METADATA_SHORT_SHA_LENGTH is not a valid number: abc');
    expect(run({ ref: 'refs/heads/main', tags: ['type=sha,format=long'], env }).output.tagNames).toEqual([`sha-${SHA}`]);
  });
});

describe('labels (docker/metadata-action `src/meta.ts › getOCIAnnotationsWithCustoms`)', () => {
  test('custom lines override, entries without = are dropped, order is localeCompare', () => {
    const labels = ['Zeta=1', 'Org.upper=2', 'alpha=3', 'empty=', 'invalid', 'org.opencontainers.image.title=custom', 'x.branch={{branch}}'];
    const { output } = run({ ref: 'refs/heads/a&b', tags: ['x'], labels });
    expect(output.labels.map((l) => l.split('=')[0])).toEqual([
      'alpha',
      'empty',
      'org.opencontainers.image.created',
      'org.opencontainers.image.description',
      'org.opencontainers.image.licenses',
      'org.opencontainers.image.revision',
      'org.opencontainers.image.source',
      'org.opencontainers.image.title',
      'org.opencontainers.image.url',
      'org.opencontainers.image.version',
      'Org.upper',
      'x.branch',
      'Zeta',
    ]);
    expect(output.labels).toContain('org.opencontainers.image.title=custom');
    expect(output.labels).toContain('x.branch=a&amp;b');
    expect(output.labels).toContain('org.opencontainers.image.created=2021-02-03T04:05:06.789Z');
    expect(output.annotations).toContain('org.opencontainers.image.title=app');
  });

  test('annotation levels prefix the json annotations', () => {
    const { output } = run({ ref: 'refs/heads/main', tags: ['x'], env: { DOCKER_METADATA_ANNOTATIONS_LEVELS: 'index,manifest' } });
    expect(output.json.annotations).toHaveLength(16);
    expect(output.json.annotations[0]).toMatch(/^index:org\.opencontainers\.image\.created=/);
    expect(output.json.annotations[8]).toMatch(/^manifest:/);
  });
});

describe('errors are MetadataError with upstream text', () => {
  test.each<[string, Scenario, string]>([
    ['stray quote', { ref: 'refs/heads/main', tags: ['type=raw,value=a"b'] }, 'Invalid Opening Quote'],
    ['enable must be true/false', { ref: 'refs/heads/main', tags: ['type=raw,value=x,enable=yes'] }, 'Invalid value for enable attribute: yes'],
    ['date hash keys', { ref: 'refs/heads/main', tags: ["type=raw,value={{date 'YYYY' zone='UTC'}}"] }, 'Unknown zone attribute'],
    ['semver match without group 1', { ref: 'refs/tags/v1.2.3', tags: ['type=semver,pattern={{version}},match=v\\d'] }, "Cannot read properties of undefined (reading 'replace')"],
    ['date without a format', { ref: 'refs/heads/main', tags: ['type=raw,value={{date}}'] }, 'Missing format argument for date'],
    ['template syntax', { ref: 'refs/heads/main', tags: ['type=raw,value={{#if}}'] }, 'Parse error'],
    ['onlatest value', { ref: 'refs/heads/main', flavor: ['prefix=a,onlatest=yes'] }, 'Invalid value for onlatest attribute: yes'],
    ['invalid OCI tag (ours)', { ref: 'refs/heads/.hidden', tags: ['type=ref,event=branch'] }, 'is not a valid OCI tag'],
  ])('%s', (_name, scenario, message) => {
    expect(() => run(scenario)).toThrow(MetadataError);
    expect(() => run(scenario)).toThrow(message);
  });
});

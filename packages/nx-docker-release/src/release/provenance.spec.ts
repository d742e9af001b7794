import type { DockerReleaseOptions } from './options';
import { planProvenance, provenanceMode, provenanceStatement, subjectName, type ProvenanceInput } from './provenance';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const input = (mode: 'min' | 'max', options: Partial<DockerReleaseOptions> = {}): ProvenanceInput => ({
  mode,
  options: { images: ['ghcr.io/org/api'], buildArgs: { FLAVOUR: 'plain', NPM_TOKEN: 'tok-123' }, secrets: { JFROG_TOKEN: 'JFROG_IDENTITY_TOKEN' }, ...options },
  git: { sha: SHA, repo: { html_url: 'https://github.com/org/repo' } },
  ref: 'refs/tags/1.2.3',
  project: 'api',
  target: 'release',
  context: 'apps/api',
  file: 'apps/api/Dockerfile',
  platforms: ['linux/amd64'],
  builder: 'buildx',
  contentKey: 'sha256:key',
  baseImages: ['ghcr.io/org/base:1', 'ghcr.io/org/tools:2'],
  run: { builderId: 'https://github.com/org/repo/actions/runs/7/attempts/1', invocationId: '7-1' },
});

describe('provenanceMode', () => {
  it.each<[DockerReleaseOptions['provenance'], 'min' | 'max' | false]>([
    [undefined, 'min'],
    [true, 'min'],
    ['true', 'min'],
    ['min', 'min'],
    ['max', 'max'],
    [false, false],
    ['false', false],
  ])('%s -> %s (build-push-action values)', (option, mode) => {
    expect(provenanceMode(option)).toBe(mode);
  });
  it('anything else is one line naming the option', () => {
    expect(() => provenanceMode('full' as never)).toThrow(/^provenance: "full" is not one of false, "min", "max"$/);
  });
});

describe('planProvenance', () => {
  it('min: source, Nx project and target, build inputs, builder and content key; no build args or secret ids', () => {
    const plan = planProvenance(input('min'));
    expect(plan.externalParameters).toEqual({
      source: { repository: 'https://github.com/org/repo', ref: 'refs/tags/1.2.3', commit: SHA },
      nx: { project: 'api', target: 'release' },
      build: { context: 'apps/api', file: 'apps/api/Dockerfile', platforms: ['linux/amd64'] },
    });
    expect(plan.internalParameters).toEqual({ builder: 'buildx', contentKey: 'sha256:key' });
    expect(JSON.stringify(plan)).not.toContain('tok-123');
  });

  it('max: build args with secret-looking values left out, the secret ids (never their variables or values)', () => {
    const plan = planProvenance(input('max'));
    expect(plan.externalParameters['buildArgs']).toEqual({ FLAVOUR: 'plain', NPM_TOKEN: '(left out: a secret-looking name)' });
    expect(plan.externalParameters['secrets']).toEqual(['JFROG_TOKEN']);
    expect(JSON.stringify(plan)).not.toMatch(/tok-123|JFROG_IDENTITY_TOKEN/);
  });
});

describe('provenanceStatement', () => {
  it('an in-toto v1 statement about the image manifest, with the commit and the bases it knows digests for', () => {
    const plan = planProvenance(input('min'));
    const digest = `sha256:${'a'.repeat(64)}`;
    const statement = provenanceStatement(
      plan,
      { name: subjectName('ghcr.io/org/api', 'sha-0123456', 'linux/amd64'), digest },
      { 'ghcr.io/org/base:1': `sha256:${'b'.repeat(64)}` },
      { startedOn: new Date(0), finishedOn: new Date(1000) },
    );
    expect(statement).toMatchObject({
      _type: 'https://in-toto.io/Statement/v1',
      predicateType: 'https://slsa.dev/provenance/v1',
      subject: [{ name: 'pkg:docker/ghcr.io/org/api@sha-0123456?platform=linux%2Famd64', digest: { sha256: 'a'.repeat(64) } }],
      predicate: {
        buildDefinition: {
          resolvedDependencies: [
            { uri: 'git+https://github.com/org/repo@refs/tags/1.2.3', digest: { gitCommit: SHA } },
            { uri: 'pkg:docker/ghcr.io/org/base:1', digest: { sha256: 'b'.repeat(64) } },
            { uri: 'pkg:docker/ghcr.io/org/tools:2' },
          ],
        },
        runDetails: {
          builder: { id: 'https://github.com/org/repo/actions/runs/7/attempts/1' },
          metadata: { invocationId: '7-1', startedOn: '1970-01-01T00:00:00.000Z', finishedOn: '1970-01-01T00:00:01.000Z' },
        },
      },
    });
  });
});

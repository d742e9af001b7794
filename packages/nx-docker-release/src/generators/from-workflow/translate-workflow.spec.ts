import { computeMetadata } from '../../metadata';
import { readWorkflow } from './read-workflow';
import { translateWorkflow } from './translate-workflow';

/** A one-job workflow around the given steps (YAML, indented under `steps:`). */
function translate(steps: string, extra = '') {
  const text = `on:\n  push:\n    tags: ["v*.*.*"]\n${extra}jobs:\n  release:\n    runs-on: ubuntu-latest\n    env:\n      REG: registry.example.com\n    steps:\n${steps}`;
  return first(text);
}

/** The first build's translation; file-level notes (tag filters, matrices) joined into its untranslated list. */
function first(text: string) {
  const { targets, notes } = translateWorkflow(readWorkflow('wf.yml', text));
  const t = targets[0]!.translation;
  return { ...t, untranslated: [...notes, ...t.untranslated] };
}

const META = `
      - id: meta
        uses: docker/metadata-action@v5
        with:
          images: \${{ env.REG }}/acme/app
          tags: |
            type=ref,event=branch
            type=raw,value=\${{ github.sha }}
          flavor: latest=false
          labels: org.opencontainers.image.vendor=Acme
          sep-tags: ","
          github-token: \${{ secrets.GITHUB_TOKEN }}
`;

/** A docker/login-action step reading its credentials from secrets, plus extra `with:` lines. */
const login = (user: string, password: string, extra: string[] = []): string =>
  [
    '',
    '      - uses: docker/login-action@v3',
    '        with:',
    ...extra.map((line) => `          ${line}`),
    `          username: \${{ secrets.${user} }}`,
    `          password: \${{ secrets.${password} }}`,
  ].join('\n');

/** build-push-action wired to the metadata step's tags. */
const BUILD_FROM_META = `
      - uses: docker/build-push-action@v6
        with:
          context: app
          tags: \${{ steps.meta.outputs.tags }}
`;

describe('translateWorkflow', () => {
  it('maps every input it can and reports the rest', () => {
    const t = translate(`
      - uses: actions/checkout@v4
      - uses: docker/setup-qemu-action@v3
      - uses: docker/login-action@v3
        with:
          registry: docker.io
          username: \${{ github.actor }}
          password: \${{ secrets.GITHUB_TOKEN }}
${META}
      - uses: docker/build-push-action@v6
        with:
          context: ./app/
          target: runtime
          push: \${{ github.event_name != 'pull_request' }}
          build-args: |
            GO_VERSION=1.22
            API_TOKEN=plain
            REV=\${{ github.sha }}
          secrets: |
            npmrc=\${{ secrets.NPMRC }}
            literal=abc
          secret-envs: GH=GITHUB_TOKEN
          platforms: linux/amd64,linux/arm64
          cache-from: type=gha
          cache-to: |
            type=registry,ref=\${{ env.REG }}/acme/app:cache
          provenance: false
          tags: \${{ steps.meta.outputs.tags }}
          labels: |
            \${{ steps.meta.outputs.labels }}
          annotations: \${{ steps.other.outputs.annotations }}
`);
    expect(t.options).toEqual({
      images: ['registry.example.com/acme/app'],
      tags: ['type=ref,event=branch', 'type=raw,value=${{ github.sha }}'],
      flavor: ['latest=false'],
      labels: ['org.opencontainers.image.vendor=Acme'],
      releaseTagPattern: 'v{version}',
      context: 'app',
      target: 'runtime',
      buildArgs: { GO_VERSION: '1.22', API_TOKEN: 'plain', REV: '${{ github.sha }}' },
      secrets: { npmrc: 'NPMRC', GH: 'GITHUB_TOKEN' },
      platforms: ['linux/amd64', 'linux/arm64'],
      cacheFrom: ['type=gha'],
      cacheTo: ['type=registry,ref=registry.example.com/acme/app:cache'],
      provenance: false,
      login: { registry: 'docker.io', usernameEnv: 'GITHUB_ACTOR', passwordEnv: 'GITHUB_TOKEN' },
    });
    const untranslated = t.untranslated.join('\n');
    for (const expected of ['sep-tags: not supported', 'secrets: "literal=abc" is not an id=${{ secrets.X }} reference', 'annotations: reads steps.other.outputs.annotations']) {
      expect(untranslated).toContain(expected);
    }
    expect(untranslated).not.toContain('setup-qemu-action');
    expect(t.qemuStep).toBe('docker/setup-qemu-action@v3');
    expect(t.warnings).toContain(
      'step "docker/setup-qemu-action@v3" sets up QEMU: the target builds linux/amd64, linux/arm64; nx g nx-docker-release:ci-workflow writes setup-qemu-action while a built stage RUNs for a foreign platform (FROM --platform=$BUILDPLATFORM avoids it)',
    );
    expect(untranslated).not.toContain('checkout');
    expect(untranslated).not.toContain('github-token');
    expect(t.warnings.join('\n')).toContain('${{ github.actor }} is read from GITHUB_ACTOR');
    expect(t.warnings.join('\n')).toContain('build arg API_TOKEN looks like a credential');
    expect(t.warnings.join('\n')).toContain('cache-from: "type=gha" uses BuildKit\'s default gha scope, which every image of the workspace would share');
  });

  it('setup-buildx-action is noted only when its builder exported the layer cache (ci-workflow writes it for such a target)', () => {
    const withCache = translate(`
      - uses: docker/setup-buildx-action@v3
      - uses: docker/build-push-action@v6
        with:
          context: app
          tags: ghcr.io/acme/app:latest
          cache-to: type=registry,ref=ghcr.io/acme/app:cache,mode=max
`);
    expect(withCache.warnings).toContain(
      'step "docker/setup-buildx-action@v3" sets up a docker-container builder, which exports the layer cache: nx g nx-docker-release:ci-workflow writes setup-buildx-action (host networking) for a target that exports one',
    );
    const plain = translate(`
      - uses: docker/setup-buildx-action@v3
      - uses: docker/build-push-action@v6
        with:
          context: app
          tags: ghcr.io/acme/app:latest
`);
    expect([...plain.warnings, ...plain.untranslated].join('\n')).not.toContain('setup-buildx-action');
    expect(plain.qemuStep).toBeUndefined();
  });

  it('turns literal image:tag refs into images and raw tags when there is no metadata step', () => {
    const t = translate(`
      - uses: docker/build-push-action@v6
        with:
          context: app
          push: false
          tags: |
            ghcr.io/acme/app:1.0
            ghcr.io/acme/app:latest
            localhost:5000/app
`);
    expect(t.options).toMatchObject({
      images: ['ghcr.io/acme/app', 'localhost:5000/app'],
      tags: ['type=raw,value=1.0', 'type=raw,value=latest'],
      push: false,
    });
  });

  it('keeps the login registry only when it differs from the image registry', () => {
    const t = translate(`${login('U', 'P', ['registry: ${{ env.REG }}', 'ecr: auto'])}${META}${BUILD_FROM_META}`);
    expect(t.options.login).toEqual({ usernameEnv: 'U', passwordEnv: 'P' });
    expect(t.untranslated.join('\n')).toContain('ecr: not supported');
  });

  it('translates every login step, one list entry per registry, each registry kept explicit', () => {
    const t = translate(`${login('U', 'P', ['registry: ${{ env.REG }}'])}${login('HUB_USER', 'HUB_TOKEN')}${META}${BUILD_FROM_META}`);
    expect(t.options.login).toEqual([
      { registry: 'registry.example.com', usernameEnv: 'U', passwordEnv: 'P' },
      { registry: 'docker.io', usernameEnv: 'HUB_USER', passwordEnv: 'HUB_TOKEN' },
    ]);
    expect(t.untranslated.join('\n')).not.toContain('login-action');
  });

  it('translates build-contexts: directories workspace-relative, image and remote sources as given', () => {
    const t = translate(`${META}
      - uses: docker/build-push-action@v6
        with:
          context: app
          build-contexts: |
            shared=./libs/shared/
            base=docker-image://alpine:3.20
            broken
          tags: \${{ steps.meta.outputs.tags }}
`);
    expect(t.options.buildContexts).toEqual({ shared: 'libs/shared', base: 'docker-image://alpine:3.20' });
    expect(t.untranslated.join('\n')).toContain('build-contexts: "broken" is not name=value');
  });

  it('says that a filter or release trigger taking any tag becomes one tag form', () => {
    const build = `jobs:\n  a:\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          tags: x/y:1\n`;
    const line = 'releaseTagPattern "{version}" (the default) releases bare versions (1.2.3) only; set "v{version}" if your tags start with v';
    expect(first(`on:\n  push:\n    tags: ["*"]\n${build}`).untranslated).toContain(`on.push.tags: "*" takes any tag; ${line}`);
    expect(first(`on:\n  release:\n    types: [published]\n${build}`).untranslated).toContain(`on.release: the release's tag must match the release tag pattern; ${line}`);
    expect(first(`on:\n  push:\n    tags: ["v*.*.*"]\n${build}`).untranslated.filter((u) => u.includes('bare versions'))).toEqual([]);
    expect(first(`on:\n  push:\n    tags: ["*.*.*"]\n${build}`).options.releaseTagPattern).toBe('{version}');
  });

  it('reports a literal username, unknown tag filters and a second build job', () => {
    const text = `on:\n  push:\n    tags: ["release-*"]\njobs:\n  a:\n    steps:\n      - uses: docker/login-action@v3\n        with:\n          username: bot\n          password: \${{ secrets.P }}\n      - uses: docker/build-push-action@v6\n        with:\n          tags: x/y:1\n  b:\n    steps:\n      - uses: docker/build-push-action@v6\n`;
    const t = first(text);
    expect(translateWorkflow(readWorkflow('wf.yml', text)).targets.map((x) => x.source)).toEqual(['job a', 'job b']);
    expect(t.options.login).toBeUndefined();
    const untranslated = t.untranslated.join('\n');
    expect(untranslated).toContain('username is a literal value; put it in an environment variable and set login.usernameEnv');
    expect(untranslated).toContain('on.push.tags: "release-*" has no releaseTagPattern equivalent');
  });
});

describe('translateWorkflow: the jobs the release waited for', () => {
  it('names the ci-workflow gate that takes the place of each needed job, or says none does', () => {
    const text = [
      'on: push',
      'jobs:',
      '  unit:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: go test ./...',
      '  golangci:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: golangci/golangci-lint-action@v6',
      '  leaks:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: gitleaks/gitleaks-action@v2',
      '  approve:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: ./check-approvals.sh',
      '  release:',
      '    needs: [unit, golangci, leaks, approve]',
      '    runs-on: ubuntu-latest',
      '    steps:',
      BUILD_FROM_META.trimEnd().replace(/^\n/, ''),
    ].join('\n');
    const t = first(`${text}\n`);
    expect(t.warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^job release needs job unit: a check before the release; .*"e2e \(affected projects\)" gate/),
        expect.stringMatching(/^job release needs job golangci: .*"lint" gate/),
        expect.stringMatching(/^job release needs job leaks: .*"secret scan \(gitleaks\)" gate/),
        'job release needs job approve: a check before the release that no gate of nx g nx-docker-release:ci-workflow covers: make it an Nx target and add it to .github/workflows/gates.yml',
      ]),
    );
  });
});

describe('translateWorkflow: provenance, SBOMs and cosign', () => {
  const build = (extra: string[]) =>
    ['      - uses: docker/build-push-action@v6', '        with:', '          context: app', '          tags: ${{ steps.meta.outputs.tags }}', ...extra.map((l) => `          ${l}`)].join('\n');

  it.each([
    ['provenance: mode=max', 'max'],
    ['provenance: "false"', false],
    ['provenance: true', undefined],
    ['provenance: mode=min', undefined],
  ])('%s -> provenance %s', (input, expected) => {
    const t = translate(`${META}\n${build([input])}\n`);
    expect(t.options.provenance).toBe(expected);
    expect(t.untranslated.join('\n')).not.toContain('provenance');
  });

  it('reports an SBOM request with what to do instead, and unknown provenance attributes', () => {
    const t = translate(`${META}\n${build(['sbom: true', 'provenance: mode=max,builder-id=ci'])}\n`);
    expect(t.options.provenance).toBe('max');
    const untranslated = t.untranslated.join('\n');
    expect(untranslated).toContain('sbom: the target attaches no SBOM');
    expect(untranslated).toContain('provenance: builder-id not supported');
  });

  it('reads attests entries as provenance and SBOM requests', () => {
    const t = translate(`${META}\n${build(['attests: |', '  type=sbom', '  type=provenance,mode=max'])}\n`);
    expect(t.options.provenance).toBe('max');
    expect(t.untranslated.join('\n')).toContain('sbom: the target attaches no SBOM');
  });

  it("turns the starter workflow's keyless cosign step into sign.keyless, naming the permission", () => {
    const steps = [
      '      - uses: sigstore/cosign-installer@v3.5.0',
      META,
      build([]).replace('- uses:', '- id: build\n        uses:'),
      '      - name: Sign the published Docker image',
      '        env:',
      '          TAGS: ${{ steps.meta.outputs.tags }}',
      '          DIGEST: ${{ steps.build.outputs.digest }}',
      '        run: echo "${TAGS}" | xargs -I {} cosign sign --yes {}@${DIGEST}',
    ].join('\n');
    const t = translate(`${steps}\n`, 'permissions:\n  contents: read\n  id-token: write\n');
    expect(t.options.sign).toEqual({ keyless: true });
    const warnings = t.warnings.join('\n');
    expect(warnings).toContain('"permissions: id-token: write", which this one had');
    expect(warnings).toContain('installs cosign: the target runs cosign from PATH');
    expect(t.untranslated.join('\n')).not.toContain('cosign');
  });

  it('turns cosign sign --key env://... into keyed sign with the secrets behind the variables', () => {
    const steps = [
      META,
      build([]),
      '      - name: Sign',
      '        env:',
      '          KEY: ${{ secrets.COSIGN_PRIVATE_KEY }}',
      '          COSIGN_PASSWORD: ${{ secrets.COSIGN_PASSWORD }}',
      '        run: |',
      '          cosign sign --yes --key env://KEY ghcr.io/acme/app@${{ steps.build.outputs.digest }}',
      '          cosign attest --yes --key env://KEY --predicate sbom.json ghcr.io/acme/app',
    ].join('\n');
    const t = translate(`${steps}\n`);
    expect(t.options.sign).toEqual({ keyEnv: 'COSIGN_PRIVATE_KEY', passwordEnv: 'COSIGN_PASSWORD' });
    expect(t.warnings.join('\n')).toContain('sign: { keyEnv: COSIGN_PRIVATE_KEY, passwordEnv: COSIGN_PASSWORD }');
    expect(t.untranslated.join('\n')).toContain('cosign attest: the target only signs');
  });

  it('reports a key read from a file: the target needs it in a variable', () => {
    const t = translate(`${META}\n${build([])}\n      - run: cosign sign --key cosign.key ghcr.io/acme/app\n`);
    expect(t.options.sign).toBeUndefined();
    expect(t.untranslated.join('\n')).toContain('cosign sign --key cosign.key: the target reads the key from an environment variable');
  });
});

describe('translateWorkflow: builds pushed by digest and joined by a merge job', () => {
  const text = [
    'on: { push: { branches: [main] } }',
    'jobs:',
    '  build:',
    '    strategy: { matrix: { platform: [linux/amd64, linux/arm64] } }',
    '    steps:',
    '      - { id: meta, uses: docker/metadata-action@v5, with: { images: ghcr.io/acme/app } }',
    '      - uses: docker/build-push-action@v6',
    '        with:',
    '          context: "{{defaultContext}}:app"',
    '          platforms: ${{ matrix.platform }}',
    '          labels: ${{ steps.meta.outputs.labels }}',
    '          outputs: type=image,name=ghcr.io/acme/app,push-by-digest=true,name-canonical=true,push=true',
    '  merge:',
    '    needs: [build]',
    '    steps:',
    '      - id: meta',
    '        uses: docker/metadata-action@v5',
    '        with: { images: ghcr.io/acme/app, tags: "type=ref,event=branch\\ntype=sha" }',
    '      - run: docker buildx imagetools create $(jq -cr \'.tags | map("-t " + .) | join(" ")\' <<< "$DOCKER_METADATA_OUTPUT_JSON")',
    '',
  ].join('\n');

  it('is one target of both platforms, tagged as the merge job tags', () => {
    const { targets } = translateWorkflow(readWorkflow('wf.yml', text));
    expect(targets).toHaveLength(1);
    expect(targets[0]!.source).toBe('job build (matrix platform=linux/amd64 + platform=linux/arm64)');
    const t = targets[0]!.translation;
    expect(t.options).toMatchObject({ images: ['ghcr.io/acme/app'], tags: ['type=ref,event=branch', 'type=sha'], context: 'app', platforms: ['linux/amd64', 'linux/arm64'] });
    expect(t.warnings.join('\n')).toContain('pushes the index and its tags itself (tags from job merge');
    expect(t.untranslated.join('\n')).not.toContain('outputs');
  });
});

describe('translateWorkflow: a metadata step without tags', () => {
  const withTags = (tags: string) =>
    translate(`
      - id: meta
        uses: docker/metadata-action@v5
        with:
          images: ghcr.io/acme/app${tags}
${BUILD_FROM_META}`);
  const tagsAt = (rules: string[], eventName: string, ref: string) =>
    computeMetadata({ context: { eventName, ref, sha: 'a'.repeat(40), payload: {} }, images: ['ghcr.io/acme/app'], tags: rules, flavor: ['latest=false'], labels: [], annotations: [] }).tags;

  it("writes out metadata-action's default rules, which tag a release v2.4.0 and a push to main main", () => {
    const t = withTags('');
    expect(t.options.tags).toEqual(['type=schedule', 'type=ref,event=branch', 'type=ref,event=tag', 'type=ref,event=pr']);
    expect(t.warnings.join('\n')).toContain("no tags input: metadata-action's default rules are written out");
    expect(tagsAt(t.options.tags!, 'push', 'refs/tags/v2.4.0')).toEqual(['ghcr.io/acme/app:v2.4.0']);
    expect(tagsAt(t.options.tags!, 'push', 'refs/heads/main')).toEqual(['ghcr.io/acme/app:main']);
  });

  it('treats an empty tags input as none, and keeps given rules', () => {
    expect(withTags('\n          tags: ""').options.tags).toHaveLength(4);
    expect(withTags('\n          tags: type=sha').options.tags).toEqual(['type=sha']);
  });
});

describe('translateWorkflow: login credentials through env and the github context', () => {
  it('reads ${{ env.X }} holding ${{ secrets.Y }} as variable Y (what CI sets from the secret), github.repository_owner as GITHUB_REPOSITORY_OWNER', () => {
    const t = translate(
      [
        '      - uses: docker/login-action@v3',
        '        with:',
        '          username: ${{ env.HUB_USER }}',
        '          password: ${{ env.HUB_TOKEN }}',
        '      - uses: docker/login-action@v3',
        '        with:',
        '          registry: ghcr.io',
        '          username: ${{ github.repository_owner }}',
        '          password: ${{ secrets.GITHUB_TOKEN }}',
        META,
        BUILD_FROM_META,
      ].join('\n'),
      'env:\n  HUB_USER: ${{ secrets.DOCKERHUB_USER }}\n  HUB_TOKEN: ${{ secrets.DOCKERHUB_TOKEN }}\n',
    );
    expect(t.options.login).toEqual([
      { registry: 'docker.io', usernameEnv: 'DOCKERHUB_USER', passwordEnv: 'DOCKERHUB_TOKEN' },
      { registry: 'ghcr.io', usernameEnv: 'GITHUB_REPOSITORY_OWNER', passwordEnv: 'GITHUB_TOKEN' },
    ]);
  });
});

describe('translateWorkflow: secrets stay secrets (review findings)', () => {
  it('a secret reached through env becomes a BuildKit secret in build args, is refused in labels, is a variable in image names', () => {
    const t = translate(
      [
        '      - id: meta',
        '        uses: docker/metadata-action@v5',
        '        with:',
        '          images: ${{ secrets.HUB_NAMESPACE }}/app',
        '          labels: token=${{ secrets.API_KEY }}',
        '      - uses: docker/build-push-action@v6',
        '        with:',
        '          context: app',
        '          tags: ${{ steps.meta.outputs.tags }}',
        '          build-args: |',
        '            NPM_TOKEN=${{ env.TOKEN }}',
        '            AUTH=Bearer ${{ secrets.API_KEY }}',
      ].join('\n') + '\n',
      'env:\n  TOKEN: ${{ secrets.NPM_TOKEN }}\n',
    );
    expect(t.options.images).toEqual(['${{ env.HUB_NAMESPACE }}/app']);
    expect(t.options.secrets).toEqual({ NPM_TOKEN: 'NPM_TOKEN' });
    expect(t.options.buildArgs).toBeUndefined();
    expect(t.options.labels).toBeUndefined();
    const untranslated = t.untranslated.join('\n');
    expect(untranslated).toContain('build-args: AUTH uses ${{ secrets.API_KEY }}');
    expect(untranslated).toContain('labels: "token=${{ secrets.API_KEY }}" uses ${{ secrets.API_KEY }}');
  });

  it('a matrix known only at run time leaves the options that read it out instead of writing empty strings', () => {
    const text = [
      'on: push',
      'jobs:',
      '  build:',
      '    strategy: { matrix: "${{ fromJSON(needs.plan.outputs.matrix) }}" }',
      '    steps:',
      '      - run: echo "X=${{ format(\'{0\', github.sha) }}" >> $GITHUB_ENV',
      '      - uses: docker/build-push-action@v6',
      '        with: { context: app, tags: "ghcr.io/acme/${{ matrix.image }}:latest" }',
      '',
    ].join('\n');
    const { targets, notes } = translateWorkflow(readWorkflow('wf.yml', text));
    expect(notes.join('\n')).toContain('only known during the run');
    expect(targets[0]!.translation.options.images ?? []).toEqual([]);
    expect(targets[0]!.translation.untranslated.join('\n')).toContain('${{ matrix.image }}');
  });
});

describe('translateWorkflow: list inputs as build-push-action reads them', () => {
  it('splits literal tags on commas and unquotes CSV-quoted items', () => {
    const t = translate(
      [
        '      - uses: docker/build-push-action@v6',
        '        with:',
        '          context: app',
        '          tags: user/app:latest,user/app:1.2.3',
        '          secrets: |',
        '            "github_token=${{ secrets.GITHUB_TOKEN }}"',
        '          build-args: |',
        '            "VERSION=1.0"',
      ].join('\n') + '\n',
    );
    expect(t.options).toMatchObject({ images: ['user/app'], tags: ['type=raw,value=latest', 'type=raw,value=1.2.3'], secrets: { github_token: 'GITHUB_TOKEN' }, buildArgs: { VERSION: '1.0' } });
  });
});

describe('translateWorkflow: what run steps write to $GITHUB_ENV', () => {
  it("reads a variable from the run step's own env, and from earlier writes", () => {
    const t = translate(
      [
        '      - run: echo "OWNER=$ORG" >> $GITHUB_ENV',
        '        env:',
        '          ORG: acme',
        '      - run: echo "IMAGE=${{ env.REG }}/$OWNER/app" >> $GITHUB_ENV',
        '      - uses: docker/build-push-action@v6',
        '        with: { context: app, push: true, tags: "${{ env.IMAGE }}:latest" }',
        '',
      ].join('\n'),
    );
    expect(t.options.images).toEqual(['registry.example.com/acme/app']);
  });

  it('a step env is evaluated in the step scope (after earlier writes), as the script sees it', () => {
    const steps = (script: string, env = '') =>
      [
        '      - run: echo "TAG=v2" >> $GITHUB_ENV',
        `      - run: ${script}`,
        ...(env ? ['        env:', `          T: ${env}`] : []),
        '      - uses: docker/build-push-action@v6',
        '        with: { context: app, push: true, tags: "ghcr.io/acme/app:${{ env.VER }}" }',
        '',
      ].join('\n');
    const jobTag = 'env:\n  TAG: v1\n';
    expect(translate(steps('echo "VER=$T" >> $GITHUB_ENV', '${{ env.TAG }}'), jobTag).options.tags).toEqual(['type=raw,value=v2']);
    expect(translate(steps('echo "VER=${{ env.TAG }}" >> $GITHUB_ENV'), jobTag).options.tags).toEqual(['type=raw,value=v2']);
  });

  it('a lower-cased write keeps its case when a later write builds on it', () => {
    const t = translate(
      [
        "      - run: echo \"OWNER=$(echo MyOrg | tr '[:upper:]' '[:lower:]')\" >> $GITHUB_ENV",
        '      - run: echo "IMAGE=ghcr.io/$OWNER/app" >> $GITHUB_ENV',
        '      - uses: docker/build-push-action@v6',
        '        with: { context: app, push: true, tags: "${{ env.IMAGE }}:latest", labels: "owner=${{ env.OWNER }}" }',
        '',
      ].join('\n'),
    );
    expect(t.options.images).toEqual(['ghcr.io/myorg/app']);
    expect(t.options.labels).toEqual(['owner=myorg']);
  });

  it('a value the step lower-cases is lower-cased when it is known, in a label as in an image name', () => {
    const t = translate(
      [
        "      - run: echo \"NAME=$(echo Acme/App | tr '[:upper:]' '[:lower:]')\" >> $GITHUB_ENV",
        '      - uses: docker/build-push-action@v6',
        '        with: { context: app, push: true, tags: "ghcr.io/${{ env.NAME }}:latest", labels: "source=${{ env.NAME }}" }',
        '',
      ].join('\n'),
    );
    expect(t.options.images).toEqual(['ghcr.io/acme/app']);
    expect(t.options.labels).toEqual(['source=acme/app']);
    expect(t.warnings.join('\n')).toContain('read as NAME = acme/app (lower-cased)');
  });

  it('a write the generator cannot evaluate is named, not called unrelated to the release', () => {
    const t = translate(
      [
        '      - name: version',
        '        run: echo "VERSION=$(git describe --tags)" >> $GITHUB_ENV',
        '      - uses: docker/build-push-action@v6',
        '        with: { context: app, push: true, tags: "ghcr.io/acme/app:latest" }',
        '',
      ].join('\n'),
    );
    expect(t.untranslated).toContain('step "version" (run) writes VERSION to $GITHUB_ENV with shell the generator does not evaluate: an option that reads it is reported where it is used');
    // A step that writes one value the generator reads and one it does not is not "not needed".
    const both = translate(
      [
        '      - name: env',
        '        run: |',
        '          echo "REG=ghcr.io" >> $GITHUB_ENV',
        '          echo "VER=$(git describe)" >> $GITHUB_ENV',
        '      - uses: docker/build-push-action@v6',
        '        with: { context: app, push: true, tags: "${{ env.REG }}/acme/app:latest" }',
        '',
      ].join('\n'),
    );
    expect(both.untranslated).toContain('step "env" (run) writes VER to $GITHUB_ENV with shell the generator does not evaluate: an option that reads it is reported where it is used');
    expect(both.warnings).toContain('step "env" writes $GITHUB_ENV: read as REG = ghcr.io');
  });
});

describe('translateWorkflow: tag rules holding run-time expressions', () => {
  it('the rule checks see what the metadata engine will: a ${{ }} part is no unknown {{template}}', () => {
    const t = translate(
      [
        '      - id: meta',
        '        uses: docker/metadata-action@v5',
        '        with:',
        '          images: ghcr.io/acme/app',
        "          tags: type=raw,value=${{ format('build-{0}', github.run_number) }}",
        '      - uses: docker/build-push-action@v6',
        '        with: { context: app, push: true, tags: "${{ steps.meta.outputs.tags }}" }',
        '',
      ].join('\n'),
    );
    expect(t.options.tags).toEqual(['type=raw,value=build-${{ github.run_number }}']);
    expect(t.warnings.join('\n')).not.toContain('not a template variable');
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { pushGoToolchain } from './support/backend-setup';
import { RegistryClient } from './support/registry-client';
import { startRegistry, type TestRegistry } from './support/registry';
import { createTempWorkspace, requireDocker, type TempWorkspace } from './support/workspace';

const SERVICE = 'greeter';
const ROOT = `services/${SERVICE}`;
const REPO = 'acme/greeter';

/** A new Go service as a team would add it: module, main, and a static build into bin/. */
function addGoService(ws: TempWorkspace): void {
  ws.write(`${ROOT}/go.mod`, `module example.com/${SERVICE}\n\ngo 1.19\n`);
  ws.write(`${ROOT}/main.go`, 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello from greeter") }\n');
  ws.write(
    `${ROOT}/project.json`,
    JSON.stringify(
      {
        name: SERVICE,
        projectType: 'application',
        targets: {
          build: {
            executor: 'nx:run-commands',
            outputs: ['{projectRoot}/bin'],
            // As in assistant/backend: the Go build needs nothing else built first (the implicit
            // dependency on the plugin is for nx affected, not for ^build).
            dependsOn: [],
            options: {
              cwd: ROOT,
              command: `go build -trimpath -ldflags='-s -w' -o bin/${SERVICE} .`,
              env: { CGO_ENABLED: '0', GOOS: 'linux', GOARCH: 'amd64', GOFLAGS: '-mod=mod' },
            },
          },
        },
      },
      null,
      2,
    ),
  );
}

describe('generators in a real workspace: init, configuration, release', () => {
  let registry: TestRegistry;
  let ws: TempWorkspace;
  let client: RegistryClient;
  let env: Record<string, string>;
  const configure = () => [
    'g',
    'nx-docker-release:configuration',
    `--project=${SERVICE}`,
    `--registry=${registry.host}`,
    `--imageName=${REPO}`,
    '--usernameEnv=REGISTRY_USER',
    '--passwordEnv=REGISTRY_PASSWORD',
    '--platforms=linux/amd64',
    // The template builds in Docker FROM a Go image: the registry's (no Docker Hub here).
    `--buildArgs=GO_IMAGE=${goImage()}`,
    '--no-interactive',
  ];
  const goImage = () => `${registry.host}/toolchain/golang:1.19`;

  beforeAll(async () => {
    requireDocker();
    registry = await startRegistry();
    pushGoToolchain(registry);
    client = new RegistryClient(registry.host, registry.user, registry.password);
    ws = createTempWorkspace();
    env = { REGISTRY_USER: registry.user, REGISTRY_PASSWORD: registry.password };
  });

  afterAll(async () => {
    await registry?.stop();
    ws?.remove();
  });

  it('init registers the plugin and target defaults, and a second run changes nothing', () => {
    // Start from a workspace that has never seen the plugin's nx.json entries.
    const before = JSON.parse(readFileSync(join(ws.root, 'nx.json'), 'utf8'));
    before.plugins = (before.plugins ?? []).filter((p: { plugin?: string } | string) => (typeof p === 'string' ? p : p.plugin) !== 'nx-docker-release');
    delete before.targetDefaults.release;
    ws.write('nx.json', `${JSON.stringify(before, null, 2)}\n`);
    ws.commit('workspace without nx-docker-release in nx.json');

    const first = ws.nx(['g', 'nx-docker-release:init', '--no-interactive']);
    expect(first.status).toBe(0);
    const nxJson = JSON.parse(readFileSync(join(ws.root, 'nx.json'), 'utf8'));
    const entry = nxJson.plugins.find((p: { plugin?: string } | string) => (typeof p === 'string' ? p : p.plugin) === 'nx-docker-release/plugin');
    expect(entry).toBeDefined();
    expect(nxJson.targetDefaults.release).toMatchObject({ dependsOn: ['build'], cache: false });
    // The plugin is a project of this workspace, so it is not added to devDependencies.
    expect(JSON.parse(readFileSync(join(ws.root, 'package.json'), 'utf8')).devDependencies['nx-docker-release']).toBeUndefined();
    ws.commit('nx g init');

    const second = ws.nx(['g', 'nx-docker-release:init', '--no-interactive']);
    expect(second.status).toBe(0);
    expect(second.output).not.toMatch(/^(CREATE|UPDATE|DELETE) /m);
    expect(ws.git('status', '--porcelain')).toBe('');
  });

  it('configuration writes the release target, Dockerfile and .dockerignore of a new Go service', () => {
    addGoService(ws);
    ws.commit('add greeter');
    const dry = ws.nx([...configure(), '--dry-run']);
    expect(dry.status).toBe(0);
    expect(dry.output).toMatch(/^CREATE services\/greeter\/Dockerfile/m);
    expect(existsSync(join(ws.root, ROOT, 'Dockerfile'))).toBe(false);

    const { status, output } = ws.nx(configure());
    expect(output).toMatch(/^UPDATE services\/greeter\/project\.json/m);
    expect(status).toBe(0);
    const project = JSON.parse(readFileSync(join(ws.root, ROOT, 'project.json'), 'utf8'));
    expect(project.implicitDependencies).toEqual(['nx-docker-release']);
    expect(project.targets.release).toEqual({
      executor: 'nx-docker-release:docker-release',
      dependsOn: ['build'],
      options: {
        images: [`${registry.host}/${REPO}`],
        tags: ['type=sha', 'type=raw,value=latest,enable={{is_default_branch}}', 'type=semver,pattern={{version}}'],
        // The workspace has other release targets: the service is released by its own tags (greeter@1.4.0).
        releaseTagPattern: '{projectName}@{version}',
        platforms: ['linux/amd64'],
        buildArgs: { GO_IMAGE: goImage() },
        login: { usernameEnv: 'REGISTRY_USER', passwordEnv: 'REGISTRY_PASSWORD' },
      },
    });
    expect(readFileSync(join(ws.root, ROOT, 'Dockerfile'), 'utf8')).toContain('FROM --platform=$BUILDPLATFORM ${GO_IMAGE} AS build');
    expect(readFileSync(join(ws.root, ROOT, 'Dockerfile'), 'utf8')).toContain(`COPY --from=build /out/${SERVICE} /${SERVICE}`);
    expect(readFileSync(join(ws.root, ROOT, '.dockerignore'), 'utf8')).toContain('**/*_test.go');
    ws.commit('nx g configuration');

    const again = ws.nx(configure());
    expect(again.status).toBe(0);
    expect(ws.git('status', '--porcelain')).toBe('');
  });

  it('configuration refuses a credential passed as a build arg, naming the option, and writes nothing', () => {
    const { status, output } = ws.nx([...configure(), '--buildArgs=GITHUB_TOKEN=abc']);
    expect(status).not.toBe(0);
    expect(output).toContain('buildArgs: GITHUB_TOKEN looks like a credential');
    expect(output).toContain('--secrets=GITHUB_TOKEN=<ENV_VAR>');
    expect(output).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
    expect(ws.git('status', '--porcelain')).toBe('');
  });

  it('nx run greeter:release builds the Go binary in Docker and pushes the image with the configured tags', async () => {
    const sha = ws.git('rev-parse', 'HEAD');
    const { status, output } = ws.nx(['run', `${SERVICE}:release`, '--output-style=static'], env);
    expect(output).toContain('released:');
    expect(status).toBe(0);
    expect(await client.tags(REPO)).toEqual(['latest', `sha-${sha.slice(0, 7)}`]);
    const { labels, raw } = await client.config(REPO, 'latest');
    expect(labels['org.opencontainers.image.revision']).toBe(sha);
    expect(labels['org.opencontainers.image.title']).toBe(SERVICE);
    expect(JSON.parse(raw).config.Entrypoint).toEqual([`/${SERVICE}`]);
  });

  it('a release tag adds the version tag', async () => {
    ws.git('tag', `${SERVICE}@1.4.0`);
    const { status } = ws.nx(['run', `${SERVICE}:release`, '--output-style=static'], env);
    expect(status).toBe(0);
    expect(await client.tags(REPO)).toEqual(expect.arrayContaining(['1.4.0', 'latest']));
  });

  it('two platforms from the template: no RUN under emulation, each image holds its own architecture, built by the amd64-only toolchain', async () => {
    const two = ['--platforms=linux/amd64,linux/arm64', '--output-style=static'];
    const dry = ws.nx(['run', `${SERVICE}:release`, '--dryRun', ...two], env);
    expect(dry.status).toBe(0);
    expect(dry.output).not.toContain('under emulation');
    const started = Date.now();
    const { status, output } = await ws.nxAsync(['run', `${SERVICE}:release`, ...two], env);
    if (status !== 0) throw new Error(output);
    process.stdout.write(`generators e2e: two-platform release of the Go template in ${Date.now() - started} ms\n`);
    const { digest } = JSON.parse(readFileSync(join(ws.root, 'dist/docker-release', `${SERVICE}.json`), 'utf8')) as { digest: string };
    const index = await client.manifest(REPO, digest);
    const entries = (index.body.manifests as { digest: string; platform: { os: string; architecture: string } }[]).filter((e) => e.platform.os !== 'unknown');
    expect(entries.map((e) => `${e.platform.os}/${e.platform.architecture}`)).toEqual(['linux/amd64', 'linux/arm64']);
    // ELF e_machine (offset 18): 0x3e x86-64, 0xb7 aarch64. The only Go toolchain is amd64: the arm64 binary was cross-compiled.
    for (const [entry, machine] of entries.map((e, i) => [e, [0x3e, 0xb7][i]] as const)) {
      const layers = (await client.blobs(REPO, entry.digest)).filter((b) => b.includes(Buffer.from('\x7fELF', 'latin1')));
      const elf = layers[0]!.indexOf(Buffer.from('\x7fELF', 'latin1'));
      expect(layers[0]![elf + 18]).toBe(machine);
    }
  });

  it('ci-workflow writes a release workflow exporting the service login variables', () => {
    // This workspace keeps its hand-written gates.yml (it installs Docker for the plugin's e2e):
    // the generator refuses to replace it, so the release workflow is written alone here.
    const refused = ws.nx(['g', 'nx-docker-release:ci-workflow', '--no-interactive']);
    expect(refused.output).toContain('gates: .github/workflows/gates.yml exists and was not written by this generator');
    expect(refused.status).not.toBe(0);
    const { status } = ws.nx(['g', 'nx-docker-release:ci-workflow', '--gates=false', '--no-interactive']);
    expect(status).toBe(0);
    const wf = parse(readFileSync(join(ws.root, '.github/workflows/release.yml'), 'utf8'));
    const steps = wf.jobs.release.steps as { run?: string; env?: Record<string, string> }[];
    const affected = steps.find((s) => s.run?.includes('nx affected -t release'));
    expect(affected?.env).toMatchObject({ REGISTRY_USER: '${{ secrets.REGISTRY_USER }}', REGISTRY_PASSWORD: '${{ secrets.REGISTRY_PASSWORD }}', GH_CR_PAT: '${{ secrets.GH_CR_PAT }}' });
    ws.commit('nx g ci-workflow');
    expect(ws.nx(['g', 'nx-docker-release:ci-workflow', '--gates=false', '--no-interactive']).status).toBe(0);
    expect(ws.git('status', '--porcelain')).toBe('');
  });

  it('configuration on an existing multi-stage Dockerfile that copies from the workspace root: the real release works', async () => {
    // A team's own Dockerfile (issue 27): the build stage copies a shared library and the service
    // from the workspace root; nothing is built before the image.
    ws.write('libs/gokit/go.mod', 'module example.com/gokit\n\ngo 1.19\n');
    ws.write('libs/gokit/greet.go', 'package gokit\n\n// Greeting is what the api answers.\nfunc Greeting() string { return "hello from gokit" }\n');
    ws.write('services/api/go.mod', 'module example.com/api\n\ngo 1.19\n\nrequire example.com/gokit v0.0.0\n\nreplace example.com/gokit => ../../libs/gokit\n');
    ws.write('services/api/main.go', 'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/gokit"\n)\n\nfunc main() { fmt.Println(gokit.Greeting()) }\n');
    ws.write('services/api/project.json', JSON.stringify({ name: 'api', projectType: 'application' }));
    ws.write(
      'services/api/Dockerfile',
      [
        'ARG GO_IMAGE',
        'FROM --platform=$BUILDPLATFORM ${GO_IMAGE} AS build',
        'ENV CGO_ENABLED=0 GOFLAGS=-mod=mod GOCACHE=/tmp/go-build',
        'WORKDIR /src/libs/gokit',
        'COPY libs/gokit/ ./',
        'WORKDIR /src/services/api',
        'COPY services/api/go.mod services/api/main.go ./',
        'RUN --mount=type=cache,target=/tmp/go-build ["go", "build", "-trimpath", "-o", "/tmp/api", "."]',
        'FROM scratch',
        'COPY --from=build /tmp/api /api',
        'ENTRYPOINT ["/api"]',
        '',
      ].join('\n'),
    );
    ws.commit('an api service with its own Dockerfile');
    const { status, output } = ws.nx([
      'g',
      'nx-docker-release:configuration',
      '--project=api',
      `--registry=${registry.host}`,
      '--imageName=acme/api',
      '--usernameEnv=REGISTRY_USER',
      '--passwordEnv=REGISTRY_PASSWORD',
      `--buildArgs=GO_IMAGE=${goImage()}`,
      '--no-interactive',
    ]);
    expect({ status, output }).toMatchObject({ status: 0 });
    const target = JSON.parse(readFileSync(join(ws.root, 'services/api/project.json'), 'utf8')).targets.release;
    expect(target.options).toMatchObject({ context: '.', file: 'services/api/Dockerfile' });
    expect(existsSync(join(ws.root, 'services/api/.dockerignore'))).toBe(false);
    expect(readFileSync(join(ws.root, 'services/api/Dockerfile'), 'utf8')).toContain('COPY libs/gokit/ ./');
    ws.commit('nx g configuration for api');

    const release = await ws.nxAsync(['run', 'api:release', '--output-style=static'], env);
    if (release.status !== 0) throw new Error(release.output);
    const sha = ws.git('rev-parse', 'HEAD').slice(0, 7);
    expect(await client.tags('acme/api')).toEqual(expect.arrayContaining([`sha-${sha}`]));
    const { raw } = await client.config('acme/api', `sha-${sha}`);
    expect(JSON.parse(raw).config.Entrypoint).toEqual(['/api']);
    const layers = await client.blobs('acme/api', `sha-${sha}`);
    expect(layers.some((b) => b.includes(Buffer.from('hello from gokit')))).toBe(true);
  });
});

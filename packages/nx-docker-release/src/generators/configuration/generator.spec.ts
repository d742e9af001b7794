import { addProjectConfiguration, logger, readNxJson, readProjectConfiguration, updateNxJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { snapshotTree } from '../../../spec-support/tree-snapshot';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { originOwner } from '../shared/origin-owner';
import { configurationGenerator } from './generator';
import { excludedSources } from './context-ignore';
import { normalizeOptions } from './normalize-options';
import { emulatedStages } from '../../dockerfile/emulated-stages';

const EXECUTOR = 'nx-docker-release:docker-release';

function addGoService(tree: Tree, name = 'billing', root = `apps/${name}`): void {
  addProjectConfiguration(tree, name, { root, targets: { build: { executor: 'nx:run-commands', options: { command: 'go build' } } } });
  tree.write(`${root}/go.mod`, `module example.com/${name}\n\ngo 1.22\n`);
}

const release = (tree: Tree, name = 'billing') => readProjectConfiguration(tree, name).targets?.['release'];

describe('configuration generator', () => {
  let tree: Tree;
  let warn: jest.SpyInstance;
  let info: jest.SpyInstance;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace({ formatter: 'none' });
    warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    info = jest.spyOn(logger, 'info').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('adds a release target with ghcr.io, the project name as image and the seed rules', async () => {
    addGoService(tree);
    await configurationGenerator(tree, { project: 'billing' });
    expect(release(tree)).toEqual({
      executor: EXECUTOR,
      dependsOn: ['build'],
      options: {
        images: ['ghcr.io/billing'],
        tags: ['type=sha', 'type=raw,value=latest,enable={{is_default_branch}}', 'type=semver,pattern={{version}}'],
        releaseTagPattern: '{version}',
      },
    });
    // No origin remote here: the owner ghcr.io needs is missing, and the generator says so.
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([
      'billing: image ghcr.io/billing has no owner (no GitHub origin remote to take it from): ghcr.io only accepts ghcr.io/<owner>/<name>; pass --imageName=<owner>/billing',
    ]);
  });

  it('takes the ghcr.io owner from the GitHub origin remote, and warns about a library', async () => {
    const root = mkdtempSync(join(tmpdir(), 'origin-'));
    mkdirSync(join(root, '.git'));
    writeFileSync(join(root, '.git/config'), '[core]\n\tbare = false\n[remote "origin"]\n\turl = git@github.com:Kyma-Project/kyma-companion.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n');
    expect(originOwner(root)).toBe('kyma-project');
    writeFileSync(join(root, '.git/config'), '[remote "origin"]\n\turl = https://gitlab.com/acme/app.git\n');
    expect(originOwner(root)).toBeUndefined();
    expect(normalizeOptions({ project: 'billing' }, 'kyma-project').values.images).toEqual(['ghcr.io/kyma-project/billing']);
    expect(normalizeOptions({ project: 'billing', registry: 'registry.example.com' }, 'kyma-project').values.images).toEqual(['registry.example.com/billing']);
    addProjectConfiguration(tree, 'ui-kit', { root: 'libs/ui-kit', projectType: 'library', targets: {} });
    await configurationGenerator(tree, { project: 'ui-kit', imageName: 'acme/ui-kit' });
    expect(warn.mock.calls.map((c) => String(c[0]))).toContainEqual(expect.stringMatching(/^ui-kit: is a library \(projectType "library"\): a release target and a Dockerfile were written anyway/));
  });

  it('writes every option it is given, in the executor schema shape', async () => {
    addGoService(tree);
    await configurationGenerator(tree, {
      project: 'billing',
      registry: '127.0.0.1:5000',
      imageName: 'acme/billing-api',
      preset: 'semver',
      releaseTagPattern: '{projectName}@{version}',
      usernameEnv: 'REG_USER',
      passwordEnv: 'REG_TOKEN',
      platforms: ['linux/amd64,linux/arm64'],
      buildArgs: ['GO_VERSION=1.22', 'FLAGS=a=b'],
      secrets: ['NPM_TOKEN=NPM_TOKEN_ENV'],
    });
    expect(release(tree)?.options).toEqual({
      images: ['127.0.0.1:5000/acme/billing-api'],
      tags: ['type=semver,pattern={{version}}', 'type=semver,pattern={{major}}.{{minor}}', 'type=semver,pattern={{major}}', 'type=sha'],
      releaseTagPattern: '{projectName}@{version}',
      platforms: ['linux/amd64', 'linux/arm64'],
      buildArgs: { GO_VERSION: '1.22', FLAGS: 'a=b' },
      secrets: { NPM_TOKEN: 'NPM_TOKEN_ENV' },
      login: { usernameEnv: 'REG_USER', passwordEnv: 'REG_TOKEN' },
    });
  });

  it.each([
    ['@acme/Billing_API', 'ghcr.io/acme-billing_api'],
    ['Orders Service', 'ghcr.io/orders-service'],
    ['apps-web--ui', 'ghcr.io/apps-web-ui'],
  ])('derives a valid lowercase image name from project %j', async (name, image) => {
    addProjectConfiguration(tree, name, { root: 'apps/x', targets: {} });
    await configurationGenerator(tree, { project: name, template: 'none' });
    expect(release(tree, name)?.options.images).toEqual([image]);
  });

  it('re-joins custom tag rules that the Nx command line split at commas', async () => {
    addGoService(tree);
    await configurationGenerator(tree, { project: 'billing', preset: 'custom', tags: ['type=semver', 'pattern={{version}}', 'type=ref', 'event=branch'] });
    expect(release(tree)?.options.tags).toEqual(['type=semver,pattern={{version}}', 'type=ref,event=branch']);
  });

  it('writes the Go Dockerfile and .dockerignore for a project with go.mod: built in Docker, cross-compiled, FROM scratch', async () => {
    addGoService(tree);
    await configurationGenerator(tree, { project: 'billing' });
    const dockerfile = tree.read('apps/billing/Dockerfile', 'utf-8')!;
    // The go line of go.mod picks the toolchain; the build stage runs on the build machine's platform.
    expect(dockerfile).toContain('ARG GO_IMAGE=golang:1.22\nFROM --platform=$BUILDPLATFORM ${GO_IMAGE} AS build\nARG TARGETOS TARGETARCH\n');
    expect(dockerfile).toContain('ENV CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH');
    expect(dockerfile).toContain('RUN ["go", "build", "-trimpath", "-buildvcs=false", "-ldflags=-s -w", "-o", "/out/billing", "."]');
    expect(dockerfile).toContain('FROM scratch\nCOPY --from=build /out/billing /billing\n');
    expect(dockerfile).toContain('ENTRYPOINT ["/billing"]');
    // Every platform builds without a RUN under emulation, on either kind of host.
    for (const host of ['linux/amd64', 'linux/arm64']) expect(emulatedStages(dockerfile, { platforms: ['linux/amd64', 'linux/arm64', 'linux/arm/v7'], host })).toEqual([]);
    const ignore = tree.read('apps/billing/.dockerignore', 'utf-8')!;
    expect(excludedSources(ignore, ['go.mod', 'go.sum', 'main.go', 'internal/db/db.go', 'static/index.html'])).toEqual([]);
    expect(excludedSources(ignore, ['bin/billing', '.git', 'main_test.go', 'project.json'])).toEqual(['bin/billing', '.git', 'main_test.go', 'project.json']);
    expect(tree.exists('apps/billing/Dockerfile__tmpl__')).toBe(false);
    expect(warn.mock.calls.map((c) => String(c[0])).filter((l) => l.includes('go.mod'))).toEqual([]);
  });

  it('a go.mod without a go line takes golang:1; local replace directives outside the project are warned about', async () => {
    addGoService(tree);
    tree.write('apps/billing/go.mod', 'module example.com/billing\n\nrequire example.com/shared v0.0.0\n\nreplace example.com/shared => ../../libs/shared\n');
    await configurationGenerator(tree, { project: 'billing', imageName: 'acme/billing' });
    expect(tree.read('apps/billing/Dockerfile', 'utf-8')).toContain('ARG GO_IMAGE=golang:1\n');
    expect(warn.mock.calls.map((c) => String(c[0]))).toContain(
      "billing: go.mod replaces modules with ../../libs/shared, outside the project: the Dockerfile builds from the project directory, so make the release target's context the directory that holds them (and COPY them)",
    );
  });

  it('writes the Node Dockerfile for a project with package.json: plain JavaScript dependencies are installed on the build platform', async () => {
    addProjectConfiguration(tree, 'web', { root: 'apps/web', targets: {} });
    tree.write('apps/web/package.json', '{"name":"web","dependencies":{"express":"^4"}}');
    tree.write(
      'apps/web/package-lock.json',
      JSON.stringify({ lockfileVersion: 3, packages: { '': { name: 'web' }, 'node_modules/express': { version: '4.0.0' }, 'node_modules/esbuild': { dev: true, hasInstallScript: true } } }),
    );
    await configurationGenerator(tree, { project: 'web' });
    const dockerfile = tree.read('apps/web/Dockerfile', 'utf-8')!;
    expect(dockerfile).toContain('ARG NODE_IMAGE=node:20-alpine');
    expect(dockerfile).toContain('FROM --platform=$BUILDPLATFORM ${NODE_IMAGE} AS deps');
    expect(dockerfile).toContain('COPY --from=deps /app/node_modules ./node_modules');
    expect(dockerfile).toContain('drop --platform=$BUILDPLATFORM: it must be installed for the target');
    expect(emulatedStages(dockerfile, { platforms: ['linux/amd64', 'linux/arm64'], host: 'linux/amd64' })).toEqual([]);
    expect(tree.read('apps/web/.dockerignore', 'utf-8')).toContain('node_modules');
  });

  it('a Node project without dependencies installs on the build platform too, and says so', async () => {
    addProjectConfiguration(tree, 'web', { root: 'apps/web', targets: {} });
    tree.write('apps/web/package.json', '{"name":"web"}');
    await configurationGenerator(tree, { project: 'web' });
    const dockerfile = tree.read('apps/web/Dockerfile', 'utf-8')!;
    expect(dockerfile).toContain("# The project has no production dependencies yet: they are installed once, on the build machine's platform,\n");
    expect(dockerfile).toContain('FROM --platform=$BUILDPLATFORM ${NODE_IMAGE} AS deps');
  });

  it.each<[string, Record<string, string>, string]>([
    [
      'native code (an install script, a per-platform package)',
      {
        'apps/web/package-lock.json': JSON.stringify({
          lockfileVersion: 3,
          packages: { '': {}, 'node_modules/bcrypt': { hasInstallScript: true }, 'node_modules/@esbuild/linux-arm64': { cpu: ['arm64'], optional: true } },
        }),
      },
      '# The dependencies are installed for the target platform: @esbuild/linux-arm64, bcrypt have native code (an install script or a per-platform package).',
    ],
    ['no lockfile to tell', {}, '# The dependencies are installed for the target platform: there is no package-lock.json to tell whether a dependency has native code.'],
  ])('Node dependencies with %s are installed for the target platform, and the Dockerfile says why', async (_what, files, note) => {
    addProjectConfiguration(tree, 'web', { root: 'apps/web', targets: {} });
    tree.write('apps/web/package.json', '{"name":"web","dependencies":{"bcrypt":"^5"}}');
    for (const [path, text] of Object.entries(files)) tree.write(path, text);
    await configurationGenerator(tree, { project: 'web' });
    const dockerfile = tree.read('apps/web/Dockerfile', 'utf-8')!;
    expect(dockerfile).toContain(`${note}\n`);
    expect(dockerfile).toContain('FROM ${NODE_IMAGE} AS deps');
    expect(emulatedStages(dockerfile, { platforms: ['linux/amd64', 'linux/arm64'], host: 'linux/amd64' })).toEqual([{ stage: 'deps', line: 7, platform: 'linux/arm64', runs: 1 }]);
  });

  it('keeps an existing Dockerfile and writes only the missing .dockerignore', async () => {
    addGoService(tree);
    tree.write('apps/billing/Dockerfile', 'FROM scratch\n# mine\n');
    await configurationGenerator(tree, { project: 'billing' });
    expect(tree.read('apps/billing/Dockerfile', 'utf-8')).toBe('FROM scratch\n# mine\n');
    expect(tree.read('apps/billing/.dockerignore', 'utf-8')).toContain('**/*_test.go');
    expect(info.mock.calls.map((c) => String(c[0]))).toEqual([
      'configuration: apps/billing/Dockerfile copies nothing from the project directory: context "apps/billing"; wrote apps/billing/.dockerignore',
    ]);
  });

  describe('with an existing Dockerfile', () => {
    const ROOT_CONTEXT_DOCKERFILE = [
      'FROM golang:1.22 AS build',
      'WORKDIR /src',
      'COPY libs/gokit libs/gokit',
      'COPY services/api services/api',
      'RUN go build -C services/api -o /out .',
      'FROM scratch',
      'COPY --from=build /out /api',
      '',
    ].join('\n');
    const lines = (spy: jest.SpyInstance) => spy.mock.calls.map((c) => String(c[0]));
    beforeEach(() => {
      addGoService(tree, 'api', 'services/api');
      tree.write('services/api/main.go', 'package main\n');
      tree.write('libs/gokit/go.mod', 'module example.com/gokit\n');
    });

    it('builds a Dockerfile written for the workspace root from there, with its own .dockerignore allowing only what it copies', async () => {
      tree.write('services/api/Dockerfile', ROOT_CONTEXT_DOCKERFILE);
      await configurationGenerator(tree, { project: 'api', imageName: 'acme/api' });
      expect(release(tree, 'api')?.options).toEqual({
        images: ['ghcr.io/acme/api'],
        tags: ['type=sha', 'type=raw,value=latest,enable={{is_default_branch}}', 'type=semver,pattern={{version}}'],
        releaseTagPattern: '{version}',
        context: '.',
        file: 'services/api/Dockerfile',
      });
      expect(tree.read('services/api/Dockerfile.dockerignore', 'utf-8')).toBe('# Only what the Dockerfile copies goes into the build context.\n*\n!libs/gokit\n!services/api\n');
      expect(excludedSources(tree.read('services/api/Dockerfile.dockerignore', 'utf-8')!, ['libs/gokit', 'services/api', 'services/api/main.go', 'libs'])).toEqual(['libs']);
      expect(tree.exists('.dockerignore')).toBe(false);
      expect(tree.exists('services/api/.dockerignore')).toBe(false);
      expect(tree.read('services/api/Dockerfile', 'utf-8')).toBe(ROOT_CONTEXT_DOCKERFILE);
      expect(lines(info)).toEqual(['configuration: services/api/Dockerfile copies libs/gokit, services/api from the workspace root: context "."; wrote services/api/Dockerfile.dockerignore']);
      expect(lines(warn)).toEqual([]);

      const first = snapshotTree(tree);
      await configurationGenerator(tree, { project: 'api', imageName: 'acme/api' });
      expect(snapshotTree(tree)).toEqual(first);
      expect(lines(info)[1]).toBe(`configuration: services/api/Dockerfile copies libs/gokit, services/api from the release target's context: context "."; kept services/api/Dockerfile.dockerignore`);
    });

    it("carries the workspace .dockerignore's exclusions into the Dockerfile's own, and leaves it as it was", async () => {
      tree.write('services/api/Dockerfile', ROOT_CONTEXT_DOCKERFILE);
      tree.write('.dockerignore', '# shared\n**/node_modules\n.env\n');
      await configurationGenerator(tree, { project: 'api', imageName: 'acme/api' });
      expect(tree.read('services/api/Dockerfile.dockerignore', 'utf-8')).toBe(
        '# Only what the Dockerfile copies goes into the build context.\n*\n!libs/gokit\n!services/api\n# from .dockerignore\n**/node_modules\n.env\n',
      );
      expect(tree.read('.dockerignore', 'utf-8')).toBe('# shared\n**/node_modules\n.env\n');
    });

    it('writes no .dockerignore when the workspace one excludes a source the Dockerfile copies', async () => {
      tree.write('services/api/Dockerfile', ROOT_CONTEXT_DOCKERFILE);
      tree.write('.dockerignore', 'libs\n');
      await configurationGenerator(tree, { project: 'api', imageName: 'acme/api' });
      expect(tree.exists('services/api/Dockerfile.dockerignore')).toBe(false);
      expect(lines(info)).toEqual([
        'configuration: services/api/Dockerfile copies libs/gokit, services/api from the workspace root: context "."; wrote no services/api/Dockerfile.dockerignore (.dockerignore excludes libs/gokit)',
      ]);
    });

    it('keeps the project context for a Dockerfile that copies from the project directory, even when the root holds the same paths', async () => {
      tree.write('main.go', 'package main\n');
      tree.write('services/api/Dockerfile', 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY main.go .\nRUN go build -o /out .\nFROM scratch\nCOPY --from=build /out /api\n');
      await configurationGenerator(tree, { project: 'api', imageName: 'acme/api' });
      expect(release(tree, 'api')?.options).toEqual({
        images: ['ghcr.io/acme/api'],
        tags: ['type=sha', 'type=raw,value=latest,enable={{is_default_branch}}', 'type=semver,pattern={{version}}'],
        releaseTagPattern: '{version}',
      });
      // The Go template's .dockerignore keeps main.go; a Dockerfile that copies the binary from bin/ gets none (it excludes bin).
      expect(tree.exists('services/api/.dockerignore')).toBe(true);
      expect(tree.exists('services/api/Dockerfile.dockerignore')).toBe(false);
      expect(lines(info)).toEqual(['configuration: services/api/Dockerfile copies main.go from the project directory: context "services/api"; wrote services/api/.dockerignore']);
      tree.delete('services/api/.dockerignore');
      tree.write('services/api/Dockerfile', 'FROM scratch\nCOPY bin/api /api\n');
      tree.write('services/api/bin/api', 'ELF');
      info.mockClear();
      await configurationGenerator(tree, { project: 'api', imageName: 'acme/api' });
      expect(tree.exists('services/api/.dockerignore')).toBe(false);
      expect(lines(info)).toEqual([
        'configuration: services/api/Dockerfile copies bin/api from the project directory: context "services/api"; wrote no .dockerignore (the go template\'s would exclude bin/api)',
      ]);
    });

    it("writes the template's .dockerignore when it keeps every source, wildcards included", async () => {
      addProjectConfiguration(tree, 'web', { root: 'apps/web', targets: {} });
      tree.write('apps/web/package.json', '{"name":"web"}');
      tree.write('apps/web/Dockerfile', 'FROM node:20-alpine\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\n');
      await configurationGenerator(tree, { project: 'web', imageName: 'acme/web' });
      expect(release(tree, 'web')?.options['context']).toBeUndefined();
      expect(tree.read('apps/web/.dockerignore', 'utf-8')).toContain('node_modules');
      expect(lines(info)).toEqual(['configuration: apps/web/Dockerfile copies package*.json, . from the project directory: context "apps/web"; wrote apps/web/.dockerignore']);
    });

    it('warns, naming them, about sources neither the project directory nor the workspace root holds, and keeps the project context', async () => {
      tree.write('services/api/Dockerfile', 'FROM golang:1.22\nCOPY main.go ./\nCOPY cmd/server ./cmd/server\nCOPY proto/*.proto ./proto/\n');
      await configurationGenerator(tree, { project: 'api', imageName: 'acme/api' });
      expect(release(tree, 'api')?.options['context']).toBeUndefined();
      expect(release(tree, 'api')?.options['file']).toBeUndefined();
      expect(tree.exists('services/api/.dockerignore')).toBe(true);
      expect(lines(warn)).toEqual([
        'configuration: services/api/Dockerfile copies cmd/server, proto/*.proto, which neither the project directory nor the workspace root holds: context "services/api" kept, the build will fail until they exist; wrote services/api/.dockerignore',
      ]);
      expect(lines(info)).toEqual([]);
    });

    it('checks a context the release target already sets, and keeps it', async () => {
      addProjectConfiguration(tree, 'worker', {
        root: 'services/worker',
        targets: { release: { executor: EXECUTOR, options: { images: ['ghcr.io/acme/worker'], context: 'services', file: 'services/worker/Dockerfile' } } },
      });
      tree.write('services/worker/Dockerfile', 'FROM scratch\nCOPY api/main.go /src/\nCOPY worker/bin/* /bin/\n');
      tree.write('services/worker/bin/worker', 'ELF');
      await configurationGenerator(tree, { project: 'worker', template: 'none' });
      expect(release(tree, 'worker')?.options).toMatchObject({ context: 'services', file: 'services/worker/Dockerfile' });
      expect(tree.read('services/worker/Dockerfile.dockerignore', 'utf-8')).toBe('# Only what the Dockerfile copies goes into the build context.\n*\n!api/main.go\n!worker/bin/*\n');
      expect(lines(info)).toEqual([
        `configuration: services/worker/Dockerfile copies api/main.go, worker/bin/* from the release target's context: context "services"; wrote services/worker/Dockerfile.dockerignore`,
      ]);
    });
  });

  it('writes no Dockerfile with --template=none and says the target needs one', async () => {
    addGoService(tree);
    await configurationGenerator(tree, { project: 'billing', template: 'none' });
    expect(tree.exists('apps/billing/Dockerfile')).toBe(false);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('apps/billing/Dockerfile'));
  });

  it('makes the project depend on the plugin when the plugin is a workspace project', async () => {
    addProjectConfiguration(tree, 'nx-docker-release', { root: 'packages/nx-docker-release', targets: {} });
    addGoService(tree);
    await configurationGenerator(tree, { project: 'billing' });
    expect(readProjectConfiguration(tree, 'billing').implicitDependencies).toEqual(['nx-docker-release']);
  });

  it('adds no implicit dependency when the plugin comes from npm', async () => {
    addGoService(tree);
    await configurationGenerator(tree, { project: 'billing' });
    expect(readProjectConfiguration(tree, 'billing').implicitDependencies).toBeUndefined();
  });

  it('leaves out what the plugin entry in nx.json sets for every target, unless given', async () => {
    const nxJson = readNxJson(tree)!;
    nxJson.plugins = [{ plugin: 'nx-docker-release/plugin', options: { registry: 'ghcr.io/acme', login: { usernameEnv: 'GH_CR_USER', passwordEnv: 'GH_CR_PAT' }, tags: ['type=sha'] } }];
    updateNxJson(tree, nxJson);
    addGoService(tree);
    await configurationGenerator(tree, { project: 'billing', releaseTagPattern: 'billing@{version}' });
    expect(readProjectConfiguration(tree, 'billing').targets?.['release']?.options).toEqual({ releaseTagPattern: 'billing@{version}' });
    await configurationGenerator(tree, { project: 'billing', usernameEnv: 'OWN_USER', passwordEnv: 'OWN_PASS' });
    expect(readProjectConfiguration(tree, 'billing').targets?.['release']?.options).toEqual({ releaseTagPattern: 'billing@{version}', login: { usernameEnv: 'OWN_USER', passwordEnv: 'OWN_PASS' } });
  });

  it('an image name the plugin entry gives (init --registry with an owner) gets no "no owner" warning', async () => {
    const nxJson = readNxJson(tree)!;
    nxJson.plugins = [{ plugin: 'nx-docker-release/plugin', options: { registry: 'ghcr.io/acme' } }];
    updateNxJson(tree, nxJson);
    addGoService(tree);
    await configurationGenerator(tree, { project: 'billing' });
    expect(warn.mock.calls.flat().join('\n')).not.toContain('has no owner');
    await configurationGenerator(tree, { project: 'billing', registry: 'ghcr.io' });
    expect(warn.mock.calls.flat().join('\n')).toContain('has no owner');
  });

  describe('release tag patterns across the workspace', () => {
    const withWeb = (pattern?: string): void => {
      addProjectConfiguration(tree, 'web', { root: 'apps/web', targets: { release: { executor: EXECUTOR, options: pattern ? { releaseTagPattern: pattern } : {} } } });
    };

    it('one release target keeps {version}; a second one gets {projectName}@{version}', async () => {
      addGoService(tree);
      await configurationGenerator(tree, { project: 'billing' });
      expect(release(tree)?.options.releaseTagPattern).toBe('{version}');
      addGoService(tree, 'orders');
      await configurationGenerator(tree, { project: 'orders' });
      expect(release(tree, 'orders')?.options.releaseTagPattern).toBe('{projectName}@{version}');
      // Re-running the first keeps its pattern: no tag of one names the other.
      await configurationGenerator(tree, { project: 'billing' });
      expect(release(tree)?.options.releaseTagPattern).toBe('{version}');
    });

    it('refuses a pattern that can name a tag of another project, in one line naming both, and writes nothing', async () => {
      withWeb('{version}');
      addGoService(tree);
      const before = snapshotTree(tree);
      await expect(configurationGenerator(tree, { project: 'billing', releaseTagPattern: '{version}' })).rejects.toThrow(
        'releaseTagPattern: billing ("{version}") and web ("{version}") can both be released by one git tag (e.g. 1.2.3); give each project a pattern of its own, e.g. "{projectName}@{version}"',
      );
      await expect(configurationGenerator(tree, { project: 'billing', releaseTagPattern: '{version}-{projectName}' })).rejects.toThrow(
        /billing \("\{version\}-\{projectName\}"\) and web \("\{version\}"\) .*\(e\.g\. 1\.2\.3-billing\)/,
      );
      expect(snapshotTree(tree)).toEqual(before);
      await configurationGenerator(tree, { project: 'billing', releaseTagPattern: 'v{version}' });
      expect(release(tree)?.options.releaseTagPattern).toBe('v{version}');
    });

    it('a plugin pattern one tag of two projects would match is not inherited: the project gets its own', async () => {
      const nxJson = readNxJson(tree)!;
      nxJson.plugins = [{ plugin: 'nx-docker-release/plugin', options: { releaseTagPattern: '{version}' } }];
      updateNxJson(tree, nxJson);
      addProjectConfiguration(tree, 'web', { root: 'apps/web', targets: {} });
      tree.write('apps/web/Dockerfile', 'FROM scratch\n');
      addGoService(tree);
      await configurationGenerator(tree, { project: 'billing' });
      expect(release(tree)?.options.releaseTagPattern).toBe('{projectName}@{version}');
      // A plugin pattern that names the project is inherited as before.
      nxJson.plugins = [{ plugin: 'nx-docker-release/plugin', options: { releaseTagPattern: '{projectName}/v{version}' } }];
      updateNxJson(tree, nxJson);
      addGoService(tree, 'orders');
      await configurationGenerator(tree, { project: 'orders' });
      expect(release(tree, 'orders')?.options.releaseTagPattern).toBeUndefined();
    });
  });

  it('changes nothing on a second run', async () => {
    addProjectConfiguration(tree, 'nx-docker-release', { root: 'packages/nx-docker-release', targets: {} });
    addGoService(tree);
    const options = { project: 'billing', registry: 'ghcr.io', imageName: 'acme/billing', usernameEnv: 'U', passwordEnv: 'P' };
    await configurationGenerator(tree, options);
    const first = snapshotTree(tree);
    await configurationGenerator(tree, options);
    expect(snapshotTree(tree)).toEqual(first);
  });

  it('updates only what is given on an existing release target', async () => {
    addGoService(tree);
    await configurationGenerator(tree, { project: 'billing', imageName: 'acme/billing', preset: 'semver', platforms: ['linux/arm64'] });
    await configurationGenerator(tree, { project: 'billing', usernameEnv: 'U', passwordEnv: 'P' });
    expect(release(tree)?.options).toMatchObject({
      images: ['ghcr.io/acme/billing'],
      tags: expect.arrayContaining(['type=semver,pattern={{major}}']),
      platforms: ['linux/arm64'],
      login: { usernameEnv: 'U', passwordEnv: 'P' },
    });
    await configurationGenerator(tree, { project: 'billing', registry: 'registry.example.com' });
    expect(release(tree)?.options.images).toEqual(['registry.example.com/billing']);
  });

  it.each([
    [{ project: 'nope' }, 'project: no project named "nope"'],
    [{ registry: 'acme' }, 'registry: "acme" is not a registry host'],
    [{ registry: 'ghcr.io/acme' }, 'put the namespace in imageName'],
    [{ imageName: 'Acme/Billing' }, 'imageName: "Acme/Billing" is not a valid repository path (lowercase a-z0-9 components separated by /, . _ -), e.g. "acme/billing"'],
    [{ imageName: 'acme/billing:1.0' }, 'imageName:'],
    [{ tags: ['type=sha'] }, 'tags: only used with --preset=custom (preset "seed"'],
    [{ preset: 'semver' as const, tags: ['type=sha'] }, 'preset "semver"'],
    [{ preset: 'custom' as const }, 'tags: --preset=custom needs at least one --tags rule'],
    [{ preset: 'custom' as const, tags: ['type=bogus'] }, 'tags[0]: "type=bogus"'],
    [{ releaseTagPattern: 'release-{ver}' }, 'releaseTagPattern: Invalid release tag pattern'],
    [{ usernameEnv: 'U' }, 'passwordEnv: login needs both'],
    [{ usernameEnv: 'U', passwordEnv: 'hunter2!' }, 'passwordEnv: "hunter2!" is not an environment variable name'],
    [{ platforms: ['amd64'] }, 'platforms: "amd64" is not os/arch'],
    [{ buildArgs: ['JFROG_TOKEN=abc'] }, 'buildArgs: JFROG_TOKEN looks like a credential and build args stay in the image history; use --secrets=JFROG_TOKEN=<ENV_VAR>'],
    [{ buildArgs: ['DB_PASSWORD=x'] }, 'use --secrets=DB_PASSWORD'],
    [{ buildArgs: ['NOVALUE'] }, 'buildArgs: "NOVALUE" is not NAME=value'],
    [{ secrets: ['NPM_TOKEN=npm_abc-123.xyz'] }, 'secrets: NPM_TOKEN: "npm_abc-123.xyz" is not an environment variable name'],
  ])('refuses %j, naming the option, and writes nothing', async (options, message) => {
    addGoService(tree);
    const before = snapshotTree(tree);
    await expect(configurationGenerator(tree, { project: 'billing', ...options })).rejects.toThrow(message);
    expect(snapshotTree(tree)).toEqual(before);
  });

  it('refuses to take over a release target that runs another executor', async () => {
    addProjectConfiguration(tree, 'billing', { root: 'apps/billing', targets: { release: { executor: 'nx:run-commands', options: { command: 'make push' } } } });
    await expect(configurationGenerator(tree, { project: 'billing' })).rejects.toThrow('already has a "release" target running nx:run-commands');
  });
});

import { addProjectConfiguration, logger, readNxJson, readProjectConfiguration, updateNxJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { snapshotTree } from '../../../spec-support/tree-snapshot';
import { fromWorkflowGenerator } from './generator';

const SEED = readFileSync(join(__dirname, '../../../corpus/seed/backend-release.yml'), 'utf8');
const WF = '.github/workflows/backend-release.yml';

/** assistant/backend/project.json's release target, as the README documents the translation. */
const SEED_TARGET = {
  executor: 'nx-docker-release:docker-release',
  dependsOn: ['build'],
  options: {
    images: ['ghcr.io/kyma-project/kyma-companion/ai-backend'],
    tags: ['type=sha', 'type=raw,value=latest,event=push', 'type=semver,pattern={{version}},event=tag'],
    releaseTagPattern: '{version}',
    context: 'assistant/backend',
    file: 'assistant/backend/Dockerfile',
    platforms: ['linux/amd64'],
    secrets: { JFROG_USER: 'JFROG_IDENTITY_USER', JFROG_TOKEN: 'JFROG_IDENTITY_TOKEN' },
    login: { usernameEnv: 'GH_CR_USER', passwordEnv: 'GH_CR_PAT' },
  },
};

describe('from-workflow generator', () => {
  let tree: Tree;
  let warn: jest.SpyInstance;
  let info: jest.SpyInstance;
  const warnings = () => warn.mock.calls.map((c) => String(c[0])).join('\n');

  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace({ formatter: 'none' });
    warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    info = jest.spyOn(logger, 'info').mockImplementation(() => undefined);
    addProjectConfiguration(tree, 'assistant', { root: 'assistant', targets: {} });
    addProjectConfiguration(tree, 'backend', { root: 'assistant/backend', targets: { build: { executor: 'nx:run-commands', options: { command: 'go build' } } } });
    tree.write(WF, SEED);
  });
  afterEach(() => jest.restoreAllMocks());

  it('translates the seed workflow into the documented release target of the project owning the context', async () => {
    await fromWorkflowGenerator(tree, { workflow: WF });
    expect(readProjectConfiguration(tree, 'backend').targets?.['release']).toEqual(SEED_TARGET);
    expect(readProjectConfiguration(tree, 'assistant').targets?.['release']).toBeUndefined();
    expect(tree.read(WF, 'utf-8')).toBe(SEED);
  });

  it('warns that the secret build args became BuildKit secrets, and about the no-op event= rules', async () => {
    await fromWorkflowGenerator(tree, { workflow: WF });
    expect(warnings()).toContain('build arg JFROG_TOKEN carried secrets.JFROG_IDENTITY_TOKEN; it is now a BuildKit secret');
    expect(warnings()).toContain('RUN --mount=type=secret,id=JFROG_USER');
    expect(warnings()).toContain('"type=raw,value=latest,event=push": event= has no effect');
    expect(warnings()).not.toContain('not translated');
  });

  it('keeps what setup-qemu-action was for: the platforms, and a verdict on whether the Dockerfile still RUNs under emulation', async () => {
    const qemu = [
      'on: { push: { branches: [main] } }',
      'jobs:',
      '  docker:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: docker/setup-qemu-action@v3',
      '      - uses: docker/setup-buildx-action@v3',
      '      - uses: docker/build-push-action@v6',
      '        with:',
      '          context: assistant/backend',
      '          platforms: linux/amd64,linux/arm64',
      '          tags: ghcr.io/acme/backend:latest',
      '',
    ].join('\n');
    tree.write('.github/workflows/multi.yml', qemu);
    tree.write('assistant/backend/Dockerfile', 'FROM golang:1.22 AS build\nCOPY . .\nRUN go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n');
    await fromWorkflowGenerator(tree, { workflow: '.github/workflows/multi.yml' });
    expect(readProjectConfiguration(tree, 'backend').targets?.['release']?.options.platforms).toEqual(['linux/amd64', 'linux/arm64']);
    expect(warnings()).toContain('backend:release: step "docker/setup-qemu-action@v3" sets up QEMU: the target builds linux/amd64, linux/arm64;');
    expect(warnings()).toContain('backend:release: platforms: assistant/backend/Dockerfile:1 stage build runs 1 RUN step(s) for linux/arm64 under emulation (QEMU) on this linux/amd64 host');
    expect(warnings()).toContain('the job that runs the release keeps QEMU (nx g nx-docker-release:ci-workflow writes it)');
    expect(warnings()).not.toContain('setup-buildx-action');
    warn.mockClear();
    tree.write(
      'assistant/backend/Dockerfile',
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nARG TARGETARCH\nCOPY . .\nRUN GOARCH=$TARGETARCH go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n',
    );
    await fromWorkflowGenerator(tree, { workflow: '.github/workflows/multi.yml' });
    expect(warnings()).toContain('backend:release: no built stage of assistant/backend/Dockerfile RUNs under emulation for linux/amd64, linux/arm64: the release needs no QEMU');
  });

  it('leaves out a login the plugin entry in nx.json already gives every target', async () => {
    const nxJson = readNxJson(tree)!;
    nxJson.plugins = [{ plugin: 'nx-docker-release/plugin', options: { login: { passwordEnv: 'GH_CR_PAT', usernameEnv: 'GH_CR_USER' } } }];
    updateNxJson(tree, nxJson);
    await fromWorkflowGenerator(tree, { workflow: WF });
    const { login: _login, ...rest } = SEED_TARGET.options;
    expect(readProjectConfiguration(tree, 'backend').targets?.['release']?.options).toEqual(rest);
  });

  it('prints the report again from the returned callback (after the files are written)', async () => {
    const callback = await fromWorkflowGenerator(tree, { workflow: WF });
    expect(info).not.toHaveBeenCalled();
    callback();
    const printed = info.mock.calls.map((c) => String(c[0])).join('\n');
    expect(printed).toContain(`${WF}: job build -> backend:release`);
    expect(printed).toContain('BuildKit secret');
  });

  it('writes to --project instead of the owner of the context', async () => {
    await fromWorkflowGenerator(tree, { workflow: WF, project: 'assistant' });
    expect(readProjectConfiguration(tree, 'assistant').targets?.['release']?.options.context).toBe('assistant/backend');
    expect(readProjectConfiguration(tree, 'backend').targets?.['release']).toBeUndefined();
  });

  it('--removePathFilter drops the push path filter and keeps the rest of the workflow', async () => {
    await fromWorkflowGenerator(tree, { workflow: WF, removePathFilter: true });
    const text = tree.read(WF, 'utf-8')!;
    const after = parse(text);
    expect(after.on).toEqual({ push: { branches: ['main'], tags: ['*.*.*'] } });
    expect(after.jobs).toEqual(parse(SEED).jobs);
    expect(text).toContain("# The seed's backend release workflow");
    expect(text).not.toContain('assistant/backend/**');
  });

  it('--removePathFilter also drops pull_request paths and leaves a workflow without filters untouched', async () => {
    const withPr = SEED.replace('on:\n', 'on:\n  pull_request:\n    paths: ["assistant/**"]\n');
    tree.write(WF, withPr);
    await fromWorkflowGenerator(tree, { workflow: WF, removePathFilter: true });
    expect(parse(tree.read(WF, 'utf-8')!).on).toEqual({ pull_request: {}, push: { branches: ['main'], tags: ['*.*.*'] } });
    const once = tree.read(WF, 'utf-8');
    await fromWorkflowGenerator(tree, { workflow: WF, removePathFilter: true });
    expect(tree.read(WF, 'utf-8')).toBe(once);
  });

  it('--deleteWorkflow deletes the workflow file', async () => {
    await fromWorkflowGenerator(tree, { workflow: `./${WF}`, deleteWorkflow: true });
    expect(tree.exists(WF)).toBe(false);
    expect(readProjectConfiguration(tree, 'backend').targets?.['release']).toEqual(SEED_TARGET);
  });

  it('changes nothing on a second run', async () => {
    addProjectConfiguration(tree, 'nx-docker-release', { root: 'packages/nx-docker-release', targets: {} });
    await fromWorkflowGenerator(tree, { workflow: WF, removePathFilter: true });
    expect(readProjectConfiguration(tree, 'backend').implicitDependencies).toEqual(['nx-docker-release']);
    const first = snapshotTree(tree);
    await fromWorkflowGenerator(tree, { workflow: WF, removePathFilter: true });
    expect(snapshotTree(tree)).toEqual(first);
  });

  it('refuses to replace a different release target unless --overwrite', async () => {
    addProjectConfiguration(tree, 'api', { root: 'assistant/backend/api', targets: { release: { executor: 'nx:run-commands', options: {} } } });
    tree.write(WF, SEED.replace('./assistant/backend\n', './assistant/backend/api\n'));
    await expect(fromWorkflowGenerator(tree, { workflow: WF })).rejects.toThrow('project: api already has a different "release" target (differs in executor, options.images');
    await fromWorkflowGenerator(tree, { workflow: WF, overwrite: true });
    expect(readProjectConfiguration(tree, 'api').targets?.['release']?.executor).toBe('nx-docker-release:docker-release');
  });

  it.each([
    [{ workflow: 'nope.yml' }, 'workflow: nope.yml does not exist'],
    [{ workflow: WF, project: 'ghost' }, 'project: no project named "ghost"'],
  ])('refuses %j', async (options, message) => {
    await expect(fromWorkflowGenerator(tree, options)).rejects.toThrow(message);
  });

  it.each([
    ['jobs: [unclosed', 'is not valid YAML'],
    ['name: x\non: push\n', 'has no jobs'],
    ['jobs:\n  a:\n    steps:\n      - uses: actions/checkout@v4\n', 'has no docker/build-push-action step'],
    ['jobs:\n  a:\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          context: .\n', 'no image names found'],
    [
      'jobs:\n  a:\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          context: elsewhere\n          tags: ghcr.io/a/b:1\n',
      'project: no project contains the build context "elsewhere"',
    ],
  ])('refuses workflow %j naming the problem', async (text, message) => {
    tree.write(WF, text);
    const before = snapshotTree(tree);
    await expect(fromWorkflowGenerator(tree, { workflow: WF })).rejects.toThrow(message);
    expect(snapshotTree(tree)).toEqual(before);
  });

  describe('finding the project of each build', () => {
    const MATRIX = [
      'on:',
      '  push:',
      '    branches: [main]',
      'env:',
      '  REGISTRY: ghcr.io',
      'jobs:',
      '  images:',
      '    strategy:',
      '      matrix:',
      '        include:',
      '          - service: api',
      '            dockerfile: services/api/Dockerfile',
      '          - service: worker',
      '            dockerfile: services/worker/Dockerfile',
      '    steps:',
      '      - uses: docker/metadata-action@v5',
      '        id: meta',
      '        with:',
      '          images: ${{ env.REGISTRY }}/${{ github.repository_owner }}/${{ matrix.service }}',
      '      - uses: docker/build-push-action@v6',
      '        with:',
      '          context: .',
      '          file: ${{ matrix.dockerfile }}',
      "          push: ${{ github.event_name != 'pull_request' }}",
      '          tags: ${{ steps.meta.outputs.tags }}',
      '',
    ].join('\n');

    beforeEach(() => {
      addProjectConfiguration(tree, 'api', { root: 'services/api', targets: {} });
      addProjectConfiguration(tree, 'worker', { root: 'services/worker', targets: {} });
    });

    it('places one target per matrix entry on the project holding its Dockerfile (root context)', async () => {
      tree.write(WF, MATRIX);
      await fromWorkflowGenerator(tree, { workflow: WF });
      for (const service of ['api', 'worker']) {
        expect(readProjectConfiguration(tree, service).targets?.['release']?.options).toEqual({
          images: [`ghcr.io/\${{ github.repository_owner }}/${service}`],
          tags: ['type=schedule', 'type=ref,event=branch', 'type=ref,event=tag', 'type=ref,event=pr'],
          context: '.',
          file: `services/${service}/Dockerfile`,
        });
      }
      expect(warnings()).toContain('the executor resolves it at run time');
      expect(warnings()).toContain("push: ${{ github.event_name != 'pull_request' }}: the target pushes whenever it runs");
      const first = snapshotTree(tree);
      await fromWorkflowGenerator(tree, { workflow: WF });
      expect(snapshotTree(tree)).toEqual(first);
      await expect(fromWorkflowGenerator(tree, { workflow: WF, project: 'api' })).rejects.toThrow('project: .github/workflows/backend-release.yml builds 2 images');
    });

    it('reads a git context with a subdirectory, the Dockerfile relative to it', async () => {
      tree.write(WF, MATRIX.replace('context: .', 'context: "{{defaultContext}}:services/api"').replace('file: ${{ matrix.dockerfile }}', 'file: Dockerfile.prod'));
      await fromWorkflowGenerator(tree, { workflow: WF });
      expect(readProjectConfiguration(tree, 'api').targets?.['release']?.options).toMatchObject({ context: 'services/api', file: 'services/api/Dockerfile.prod' });
      // Both entries build services/api: the second target of the project is named after its image.
      expect(readProjectConfiguration(tree, 'api').targets?.['release-worker']?.options).toMatchObject({ images: ['ghcr.io/${{ github.repository_owner }}/worker'] });
    });
  });
});

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
    await fromWorkflowGenerator(tree, { workflow: '.github/workflows/multi.yml', keepWorkflow: true });
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

  it('prints the report, what became of the workflow and the next steps from the returned callback (after the files are written)', async () => {
    const callback = await fromWorkflowGenerator(tree, { workflow: WF });
    expect(info).not.toHaveBeenCalled();
    callback();
    const printed = info.mock.calls.map((c) => String(c[0]));
    expect(printed.join('\n')).toContain(`${WF}: job build -> backend:release`);
    expect(printed.join('\n')).toContain('BuildKit secret');
    const deleted = `${WF}: deleted: job build removed (only its checkout was left); no job was left`;
    expect(printed).toContain(deleted);
    expect(printed.slice(printed.indexOf('Next steps (from-workflow):'))).toEqual([
      'Next steps (from-workflow):',
      '  1. create the repository secrets GH_CR_USER, GH_CR_PAT: the converted login reads them (as environment variables of the same names in the release job)',
      '  2. create the repository secrets JFROG_IDENTITY_USER, JFROG_IDENTITY_TOKEN: the targets read them as build secrets or signing keys',
      `  3. commit the old workflow's removal with the targets: ${deleted}`,
      '  4. write the release workflow: nx g nx-docker-release:ci-workflow',
      '  5. see what a release would do: nx run backend:release --dryRun',
    ]);
  });

  it('leaves out the ci-workflow step when a release workflow is there, and names the secrets of a login the nx.json default took over', async () => {
    tree.write('.github/workflows/release.yml', '# Written by nx g nx-docker-release:ci-workflow. The Nx project graph decides what to release:\n');
    const nxJson = readNxJson(tree)!;
    nxJson.plugins = [{ plugin: 'nx-docker-release/plugin', options: { login: { passwordEnv: 'GH_CR_PAT', usernameEnv: 'GH_CR_USER' } } }];
    updateNxJson(tree, nxJson);
    (await fromWorkflowGenerator(tree, { workflow: WF }))();
    const printed = info.mock.calls.map((c) => String(c[0])).join('\n');
    expect(printed).toContain('create the repository secrets GH_CR_USER, GH_CR_PAT');
    expect(printed).not.toContain('ci-workflow');
  });

  it('writes to --project instead of the owner of the context', async () => {
    await fromWorkflowGenerator(tree, { workflow: WF, project: 'assistant' });
    expect(readProjectConfiguration(tree, 'assistant').targets?.['release']?.options.context).toBe('assistant/backend');
    expect(readProjectConfiguration(tree, 'backend').targets?.['release']).toBeUndefined();
  });

  it('--keepWorkflow keeps the workflow as it is and says it still pushes; a second run changes nothing', async () => {
    addProjectConfiguration(tree, 'nx-docker-release', { root: 'packages/nx-docker-release', targets: {} });
    const callback = await fromWorkflowGenerator(tree, { workflow: WF, keepWorkflow: true });
    expect(tree.read(WF, 'utf-8')).toBe(SEED);
    expect(readProjectConfiguration(tree, 'backend').implicitDependencies).toEqual(['nx-docker-release']);
    callback();
    expect(info.mock.calls.map((c) => String(c[0]))).toContain(`${WF}: kept as it is (--keepWorkflow): it still builds and pushes the same images; remove its docker steps before the release runs`);
    const first = snapshotTree(tree);
    await fromWorkflowGenerator(tree, { workflow: WF, keepWorkflow: true });
    expect(snapshotTree(tree)).toEqual(first);
  });

  describe('a workflow with a job besides the docker release', () => {
    const WITH_TESTS = `${SEED}\n  test:\n    needs: build\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: go test ./... # unit tests\n`;
    beforeEach(() => tree.write(WF, WITH_TESTS));

    it('keeps that job and the comments, drops the needs of the removed job, and says so', async () => {
      const callback = await fromWorkflowGenerator(tree, { workflow: WF });
      const text = tree.read(WF, 'utf-8')!;
      const after = parse(text);
      expect(after.on).toEqual(parse(SEED).on);
      expect(after.jobs).toEqual({ test: { 'runs-on': 'ubuntu-latest', steps: [{ uses: 'actions/checkout@v4' }, { run: 'go test ./...' }] } });
      expect(text).toContain("# The seed's backend release workflow");
      expect(text).toContain('# unit tests');
      callback();
      expect(info.mock.calls.map((c) => String(c[0]))).toContain(`${WF}: edited: job build removed (only its checkout was left); job test: needs no longer lists build`);
    });

    it('--removePathFilter also drops the push and pull_request path filters of what is left', async () => {
      tree.write(WF, WITH_TESTS.replace('on:\n', 'on:\n  pull_request:\n    paths: ["assistant/**"]\n'));
      const callback = await fromWorkflowGenerator(tree, { workflow: WF, removePathFilter: true });
      const text = tree.read(WF, 'utf-8')!;
      expect(parse(text).on).toEqual({ pull_request: {}, push: { branches: ['main'], tags: ['*.*.*'] } });
      expect(Object.keys(parse(text).jobs)).toEqual(['test']);
      expect(text).not.toContain('assistant/backend/**');
      callback();
      expect(info.mock.calls.map((c) => String(c[0]))).toContain(`${WF}: edited: job build removed (only its checkout was left); job test: needs no longer lists build; path filters removed`);
    });

    it('a retired workflow has nothing left to translate', async () => {
      await fromWorkflowGenerator(tree, { workflow: WF });
      await expect(fromWorkflowGenerator(tree, { workflow: WF })).rejects.toThrow('has no docker/build-push-action step: nothing to translate');
    });
  });

  it('--deleteWorkflow deletes the workflow file', async () => {
    await fromWorkflowGenerator(tree, { workflow: `./${WF}`, deleteWorkflow: true });
    expect(tree.exists(WF)).toBe(false);
    expect(readProjectConfiguration(tree, 'backend').targets?.['release']).toEqual(SEED_TARGET);
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
    [{ workflow: WF, keepWorkflow: true, removePathFilter: true }, 'removePathFilter: with --keepWorkflow the old workflow would build and push on every push'],
    [{ workflow: WF, keepWorkflow: true, deleteWorkflow: true }, 'keepWorkflow: --deleteWorkflow deletes the workflow --keepWorkflow keeps; pass one of them'],
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
      await fromWorkflowGenerator(tree, { workflow: WF, keepWorkflow: true });
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
      await fromWorkflowGenerator(tree, { workflow: WF, keepWorkflow: true });
      expect(snapshotTree(tree)).toEqual(first);
      await expect(fromWorkflowGenerator(tree, { workflow: WF, project: 'api', keepWorkflow: true })).rejects.toThrow('project: .github/workflows/backend-release.yml builds 2 images');
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

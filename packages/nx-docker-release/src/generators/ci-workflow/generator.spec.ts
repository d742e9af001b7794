import { addProjectConfiguration, logger, readNxJson, readProjectConfiguration, updateNxJson, updateProjectConfiguration, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { snapshotTree } from '../../../spec-support/tree-snapshot';
import { ciWorkflowGenerator } from './generator';
import type { Step } from '../../../spec-support/workflow-step';

const EXECUTOR = 'nx-docker-release:docker-release';

interface Workflow {
  name: string;
  on: { push: { branches: string[]; tags: string[] } };
  env: Record<string, string>;
  jobs: { release: { 'runs-on': string; permissions?: Record<string, string>; steps: Step[] } };
}

const workflow = (tree: Tree, name = 'release'): Workflow => parse(tree.read(`.github/workflows/${name}.yml`, 'utf-8')!) as Workflow;

function addBackend(tree: Tree): void {
  addProjectConfiguration(tree, 'backend', {
    root: 'assistant/backend',
    targets: {
      release: {
        executor: EXECUTOR,
        options: {
          images: ['ghcr.io/kyma-project/kyma-companion/ai-backend'],
          secrets: { JFROG_USER: 'JFROG_IDENTITY_USER', JFROG_TOKEN: 'JFROG_IDENTITY_TOKEN' },
          login: { usernameEnv: 'GH_CR_USER', passwordEnv: 'GH_CR_PAT' },
        },
      },
    },
  });
  tree.write('assistant/backend/go.mod', 'module backend\n\ngo 1.22\n');
}

describe('ci-workflow generator', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace({ formatter: 'none' });
    jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('releases affected projects on main pushes and every matching project on tags, with full history', async () => {
    addBackend(tree);
    await ciWorkflowGenerator(tree, {});
    const wf = workflow(tree);
    expect(wf.name).toBe('release');
    expect(wf.on.push).toEqual({ branches: ['main'], tags: ['*.*.*'] });
    expect(wf.env).toEqual({ NX_DAEMON: 'false', NX_NO_CLOUD: 'true' });
    const steps = wf.jobs.release.steps;
    expect(steps.find((s) => s.uses === 'actions/checkout@v7')?.with).toEqual({ 'fetch-depth': 0 });
    expect(steps.find((s) => s.uses === 'nrwl/nx-set-shas@v5')).toMatchObject({ if: "github.ref_type == 'branch'", with: { 'main-branch-name': 'main' } });
    const affected = steps.find((s) => s.run?.includes('nx affected'));
    const runMany = steps.find((s) => s.run?.includes('nx run-many'));
    expect(affected).toMatchObject({ if: "github.ref_type == 'branch'", run: 'npx nx affected -t release --base="$NX_BASE" --head="$NX_HEAD" --output-style=stream' });
    expect(runMany).toMatchObject({ if: "github.ref_type == 'tag'", run: 'npx nx run-many -t release --output-style=stream' });
    const env = {
      GH_CR_USER: '${{ secrets.GH_CR_USER }}',
      GH_CR_PAT: '${{ secrets.GH_CR_PAT }}',
      JFROG_IDENTITY_USER: '${{ secrets.JFROG_IDENTITY_USER }}',
      JFROG_IDENTITY_TOKEN: '${{ secrets.JFROG_IDENTITY_TOKEN }}',
    };
    expect(affected?.env).toEqual(env);
    expect(runMany?.env).toEqual(env);
    expect(steps.find((s) => s.uses === 'actions/setup-go@v6')?.with).toEqual({ 'go-version-file': 'assistant/backend/go.mod' });
    // nx-set-shas must run before the affected step reads NX_BASE/NX_HEAD.
    expect(steps.findIndex((s) => s.uses === 'nrwl/nx-set-shas@v5')).toBeLessThan(steps.indexOf(affected!));
  });

  it('is structurally valid: one of uses/run per step, only secrets/github expressions, no YAML aliases', async () => {
    addBackend(tree);
    await ciWorkflowGenerator(tree, {});
    const text = tree.read('.github/workflows/release.yml', 'utf-8')!;
    expect(text).not.toMatch(/[&*]a\d/);
    for (const step of workflow(tree).jobs.release.steps) {
      expect(Number(step.uses !== undefined) + Number(step.run !== undefined)).toBe(1);
      if (step.uses) expect(step.uses).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
    }
    for (const [, expr] of text.matchAll(/\$\{\{\s*([^}]*?)\s*\}\}/g)) expect(expr).toMatch(/^(secrets\.[A-Z_][A-Z0-9_]*|github\.ref)$/);
  });

  it('nativeRunners: a matrix job publishes each platform by digest on its own runner, then one job merges and tags', async () => {
    addBackend(tree);
    await ciWorkflowGenerator(tree, { nativeRunners: true });
    const wf = parse(tree.read('.github/workflows/release.yml', 'utf-8')!) as {
      jobs: Record<string, { needs?: string; 'runs-on': string; strategy?: { matrix: { include: unknown[] } }; steps: Step[] }>;
    };
    expect(Object.keys(wf.jobs)).toEqual(['gates', 'platforms', 'merge']);
    const { platforms, merge } = wf.jobs;
    expect(platforms.needs).toBe('gates');
    expect(platforms.strategy?.matrix.include).toEqual([
      { platform: 'linux/amd64', runner: 'ubuntu-24.04' },
      { platform: 'linux/arm64', runner: 'ubuntu-24.04-arm' },
    ]);
    expect(platforms['runs-on']).toBe('${{ matrix.runner }}');
    const run = (steps: Step[], cmd: string) => steps.find((s) => s.run?.includes(cmd))?.run;
    expect(run(platforms.steps, 'nx affected')).toBe(
      'npx nx affected -t release --base="$NX_BASE" --head="$NX_HEAD" --split=platforms --platforms=${{ matrix.platform }} --digestsDir=dist/release-digests --output-style=stream',
    );
    expect(run(platforms.steps, 'nx run-many')).toBe('npx nx run-many -t release --split=platforms --platforms=${{ matrix.platform }} --digestsDir=dist/release-digests --output-style=stream');
    expect(platforms.steps.at(-1)).toMatchObject({ uses: 'actions/upload-artifact@v7', with: { path: 'dist/release-digests' } });
    // The merge runs after every platform job, with their digest files where the executor reads them.
    expect(merge.needs).toBe('platforms');
    const download = merge.steps.findIndex((s) => s.uses === 'actions/download-artifact@v7');
    expect(merge.steps[download].with).toEqual({ pattern: 'digests-*', 'merge-multiple': true, path: 'dist/release-digests' });
    expect(merge.steps.findIndex((s) => s.run?.includes('--split=merge'))).toBeGreaterThan(download);
    expect(run(merge.steps, 'nx run-many')).toBe('npx nx run-many -t release --split=merge --digestsDir=dist/release-digests --output-style=stream');
    expect(merge.steps.find((s) => s.run?.includes('--split=merge'))?.env).toMatchObject({ GH_CR_PAT: '${{ secrets.GH_CR_PAT }}' });
    await expect(ciWorkflowGenerator(tree, { nativeRunners: true, platforms: ['linux/s390x'] })).rejects.toThrow(/no GitHub-hosted runner builds linux\/s390x natively/);
  });

  describe('QEMU and buildx only when a build needs them', () => {
    const EMULATED = 'FROM golang:1.22 AS build\nCOPY . .\nRUN go build -o /out/api .\nFROM scratch\nCOPY --from=build /out/api /api\n';
    const CROSS =
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nARG TARGETOS TARGETARCH\nCOPY . .\nRUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/api .\nFROM scratch\nCOPY --from=build /out/api /api\n';
    const addApi = (dockerfile: string, options: Record<string, unknown>, configurations?: Record<string, Record<string, unknown>>): void => {
      addProjectConfiguration(tree, 'api', {
        root: 'services/api',
        targets: { release: { executor: EXECUTOR, options: { images: ['ghcr.io/acme/api'], ...options }, ...(configurations ? { configurations } : {}) } },
      });
      tree.write('services/api/Dockerfile', dockerfile);
    };
    const docker = (steps: Step[]) => steps.filter((s) => s.uses?.startsWith('docker/'));

    it('setup-qemu-action for a RUN step under emulation, before the release, naming the stage; none when the Dockerfile cross-compiles', async () => {
      addBackend(tree);
      addApi(EMULATED, { platforms: ['linux/amd64', 'linux/arm64'] });
      await ciWorkflowGenerator(tree, {});
      const steps = workflow(tree).jobs.release.steps;
      expect(docker(steps)).toEqual([
        {
          name: 'Set up QEMU: RUN steps run under emulation for linux/arm64 (api:release stage build); FROM --platform=$BUILDPLATFORM and cross-compiling avoids it (docs/cross-compile.md)',
          uses: 'docker/setup-qemu-action@v4',
          with: { platforms: 'linux/arm64' },
        },
      ]);
      expect(steps.indexOf(docker(steps)[0]!)).toBeLessThan(steps.findIndex((s) => s.run?.includes('nx affected')));
      tree.write('services/api/Dockerfile', CROSS);
      await ciWorkflowGenerator(tree, {});
      expect(docker(workflow(tree).jobs.release.steps)).toEqual([]);
    });

    it('a configuration can ask for the platform; native runners never need QEMU', async () => {
      addApi(EMULATED, {}, { multi: { platforms: ['linux/arm64'] } });
      await ciWorkflowGenerator(tree, {});
      expect(docker(workflow(tree).jobs.release.steps).map((s) => s.uses)).toEqual(['docker/setup-qemu-action@v4']);
      await ciWorkflowGenerator(tree, { nativeRunners: true });
      const wf = parse(tree.read('.github/workflows/release.yml', 'utf-8')!) as { jobs: Record<string, { steps: Step[] }> };
      expect(docker(wf.jobs['platforms']!.steps)).toEqual([]);
    });

    it('setup-buildx-action for a layer cache export (the runner default builder) or a named buildxBuilder, with host networking for the relay', async () => {
      addApi(CROSS, { cacheTo: ['type=registry,ref=ghcr.io/acme/api:buildcache,mode=max'] });
      await ciWorkflowGenerator(tree, {});
      expect(docker(workflow(tree).jobs.release.steps)).toEqual([
        {
          name: "Set up a docker-container builder (api:release exports a layer cache, which the runner's docker driver (classic image store) cannot; host network: BuildKit pushes through the release's loopback relay)",
          uses: 'docker/setup-buildx-action@v4',
          with: { 'driver-opts': 'network=host' },
        },
      ]);
      updateProjectConfiguration(tree, 'api', {
        ...readProjectConfiguration(tree, 'api'),
        targets: { release: { executor: EXECUTOR, options: { images: ['ghcr.io/acme/api'], buildxBuilder: 'ci', cacheTo: ['type=gha'] } } },
      });
      await ciWorkflowGenerator(tree, { nativeRunners: true });
      const wf = parse(tree.read('.github/workflows/release.yml', 'utf-8')!) as { jobs: Record<string, { steps: Step[] }> };
      expect(docker(wf.jobs['platforms']!.steps)).toEqual([expect.objectContaining({ uses: 'docker/setup-buildx-action@v4', with: { name: 'ci', use: false, 'driver-opts': 'network=host' } })]);
      // The merge job builds nothing.
      expect(docker(wf.jobs['merge']!.steps)).toEqual([]);
    });

    it('no platforms, a FROM scratch image, no cache: the runner as it is', async () => {
      addApi('FROM scratch\nCOPY bin/api /api\n', { platforms: ['linux/amd64', 'linux/arm64'] });
      await ciWorkflowGenerator(tree, {});
      expect(docker(workflow(tree).jobs.release.steps)).toEqual([]);
    });
  });

  it("produces the release step environment of this repository's hand-written workflow", async () => {
    addBackend(tree);
    await ciWorkflowGenerator(tree, {});
    const handWritten = parse(readFileSync(join(__dirname, '../../../../../.github/workflows/release.yml'), 'utf8')) as Workflow;
    const shape = (wf: Workflow) => wf.jobs.release.steps.filter((s) => s.if).map((s) => ({ if: s.if, uses: s.uses, env: s.env, with: s.with }));
    expect(shape(workflow(tree))).toEqual(shape(handWritten));
  });

  it('collects login and secret variables of every release target and configuration once, and derives tag filters', async () => {
    addBackend(tree);
    addProjectConfiguration(tree, 'billing', {
      root: 'apps/billing',
      targets: {
        release: {
          executor: EXECUTOR,
          options: { images: ['ghcr.io/acme/billing'], releaseTagPattern: '{projectName}@{version}', login: { usernameEnv: 'GH_CR_USER', passwordEnv: 'GH_CR_PAT' } },
          configurations: { staging: { login: { usernameEnv: 'STAGING_USER', passwordEnv: 'STAGING_PAT' } } },
        },
        build: { executor: 'nx:run-commands', options: { command: 'echo' } },
      },
    });
    addProjectConfiguration(tree, 'docs', { root: 'docs', targets: { build: { executor: 'nx:run-commands', options: { env: { SECRET_X: 'x' } } } } });
    await ciWorkflowGenerator(tree, {});
    const wf = workflow(tree);
    expect(Object.keys(wf.jobs.release.steps.find((s) => s.run?.includes('affected'))!.env!)).toEqual([
      'GH_CR_USER',
      'GH_CR_PAT',
      'JFROG_IDENTITY_USER',
      'JFROG_IDENTITY_TOKEN',
      'STAGING_USER',
      'STAGING_PAT',
    ]);
    expect(wf.on.push.tags).toEqual(['*.*.*', 'billing@*.*.*']);
  });

  it('signing targets: the key variables reach the release step, cosign is installed, keyless adds id-token: write', async () => {
    addBackend(tree);
    const sign = (project: string, value: object) =>
      addProjectConfiguration(tree, project, { root: `apps/${project}`, targets: { release: { executor: EXECUTOR, options: { images: [`ghcr.io/acme/${project}`], sign: value } } } });
    sign('billing', { keyEnv: 'COSIGN_PRIVATE_KEY', passwordEnv: 'COSIGN_PASSWORD' });
    await ciWorkflowGenerator(tree, {});
    const keyed = workflow(tree) as Workflow & { permissions: Record<string, string> };
    const step = keyed.jobs.release.steps.find((s) => s.run?.includes('affected'))!;
    expect(Object.keys(step.env!)).toEqual(expect.arrayContaining(['COSIGN_PRIVATE_KEY', 'COSIGN_PASSWORD']));
    expect(keyed.jobs.release.steps.find((s) => s.uses?.startsWith('sigstore/cosign-installer@'))?.with).toEqual({ 'cosign-release': 'v2.5.0' });
    expect(keyed.permissions).toEqual({ contents: 'read' });
    expect(keyed.jobs.release.permissions).toEqual({ contents: 'read', actions: 'read', packages: 'write' });

    sign('notifier', { keyless: true });
    await ciWorkflowGenerator(tree, {});
    const keyless = workflow(tree) as Workflow & { permissions: Record<string, string> };
    // Only the release job gets write access and the OIDC token; the gates read.
    expect(keyless.permissions).toEqual({ contents: 'read' });
    expect(keyless.jobs.release.permissions).toEqual({ contents: 'read', actions: 'read', packages: 'write', 'id-token': 'write' });
  });

  it('a target with a gha cache: the release job exports the Actions runtime variables before the release steps; none without', async () => {
    addBackend(tree);
    await ciWorkflowGenerator(tree, {});
    const uses = (wf: Workflow): string[] => wf.jobs.release.steps.map((s) => s.uses ?? s.run ?? '');
    expect(uses(workflow(tree)).some((u) => u.startsWith('actions/github-script@'))).toBe(false);
    addProjectConfiguration(tree, 'billing', { root: 'apps/billing', targets: { release: { executor: EXECUTOR, options: { images: ['ghcr.io/acme/billing'], cache: 'gha' } } } });
    await ciWorkflowGenerator(tree, {});
    const steps = workflow(tree).jobs.release.steps;
    const expose = steps.findIndex((s) => s.uses === 'actions/github-script@v9');
    expect(expose).toBeGreaterThan(0);
    expect(expose).toBeLessThan(steps.findIndex((s) => s.run?.includes('affected')));
    expect((steps[expose] as { with?: { script?: string } }).with?.script).toMatch(/key\.startsWith\('ACTIONS_'\) && value\) core\.exportVariable\(key, value\)/);
  });

  it('runs every release target: a second image of a project and the plugin targetName of inferred ones', async () => {
    addBackend(tree);
    const backend = readProjectConfiguration(tree, 'backend');
    backend.targets = { ...backend.targets, 'release-worker': { executor: EXECUTOR, options: { images: ['ghcr.io/acme/worker'] } } };
    updateProjectConfiguration(tree, 'backend', backend);
    const nxJson = readNxJson(tree)!;
    nxJson.plugins = [{ plugin: 'nx-docker-release/plugin', options: { targetName: 'docker-release' } }];
    updateNxJson(tree, nxJson);
    addProjectConfiguration(tree, 'notifier', { root: 'services/notifier', targets: {} });
    tree.write('services/notifier/Dockerfile', 'FROM scratch\n');
    await ciWorkflowGenerator(tree, {});
    const runs = workflow(tree).jobs.release.steps.map((s) => s.run ?? '');
    expect(runs).toContain('npx nx affected -t docker-release,release,release-worker --base="$NX_BASE" --head="$NX_HEAD" --output-style=stream');
    expect(runs).toContain('npx nx run-many -t docker-release,release,release-worker --output-style=stream');
    const plan = (parse(tree.read('.github/workflows/pull-request.yml', 'utf-8')!) as { jobs: Record<string, { steps: Step[] }> }).jobs['release-plan'];
    expect(plan?.steps.map((s) => s.run ?? '')).toContain('npx nx affected -t docker-release,release,release-worker --dryRun --base="$NX_BASE" --head="$NX_HEAD" --output-style=stream');
  });

  it('passes the login default of the plugin entry and counts inferred targets (a Dockerfile, no release target)', async () => {
    const nxJson = readNxJson(tree)!;
    nxJson.plugins = [{ plugin: 'nx-docker-release/plugin', options: { login: { usernameEnv: 'REG_USER', passwordEnv: 'REG_TOKEN' }, releaseTagPattern: '{projectName}@{version}' } }];
    updateNxJson(tree, nxJson);
    addProjectConfiguration(tree, 'notifier', { root: 'services/notifier', targets: {} });
    tree.write('services/notifier/Dockerfile', 'FROM scratch\n');
    await ciWorkflowGenerator(tree, {});
    const steps = workflow(tree).jobs.release.steps;
    const release = steps.find((s) => s.run?.includes('nx affected'));
    expect(release?.env).toEqual({ REG_USER: '${{ secrets.REG_USER }}', REG_TOKEN: '${{ secrets.REG_TOKEN }}' });
    expect(workflow(tree).on.push.tags).toEqual(['notifier@*.*.*']);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it("takes an inferred target's pattern from the options project.json gives it (no executor)", async () => {
    const nxJson = readNxJson(tree)!;
    nxJson.plugins = [{ plugin: 'nx-docker-release/plugin', options: {} }];
    updateNxJson(tree, nxJson);
    addProjectConfiguration(tree, 'notifier', { root: 'services/notifier', targets: { release: { options: { releaseTagPattern: '{projectName}/v{version}' } } } });
    tree.write('services/notifier/Dockerfile', 'FROM scratch\n');
    await ciWorkflowGenerator(tree, {});
    expect(workflow(tree).on.push.tags).toEqual(['notifier/v*.*.*']);
  });

  it('writes the gates (tests, lint, a checksum-verified gitleaks scan) and a pull-request workflow; the release waits for the gates', async () => {
    addBackend(tree);
    tree.write('pnpm-lock.yaml', '');
    await ciWorkflowGenerator(tree, {});
    type Job = { name?: string; uses?: string; needs?: string; container?: string; permissions?: Record<string, string>; steps?: Step[] };
    const read = (name: string) => parse(tree.read(`.github/workflows/${name}.yml`, 'utf-8')!) as { on: Record<string, unknown>; jobs: Record<string, Job> };
    const release = read('release');
    expect(Object.keys(release.jobs)).toEqual(['gates', 'release']);
    // The called workflow's nx-set-shas can only read the Actions API if the caller grants it.
    expect(release.jobs.gates).toEqual({ uses: './.github/workflows/gates.yml', permissions: { contents: 'read', actions: 'read' } });
    expect(release.jobs.release.needs).toBe('gates');
    const gates = read('gates');
    expect(Object.keys(gates.on)).toEqual(['workflow_call']);
    expect(Object.keys(gates.jobs)).toEqual(['e2e', 'lint', 'secret-scan']);
    const run = (job: Job) => (job.steps ?? []).map((s) => s.run ?? '').filter(Boolean);
    expect(run(gates.jobs.e2e)).toEqual(['pnpm install --frozen-lockfile', 'pnpm nx affected -t test e2e --base="$NX_BASE" --head="$NX_HEAD" --output-style=stream']);
    expect(run(gates.jobs.lint)).toEqual(['pnpm install --frozen-lockfile', 'pnpm nx affected -t lint --base="$NX_BASE" --head="$NX_HEAD" --output-style=stream']);
    for (const job of [gates.jobs.e2e, gates.jobs.lint]) expect(job.permissions).toEqual({ contents: 'read', actions: 'read' });
    const scan = gates.jobs['secret-scan'];
    expect(scan.container).toBeUndefined();
    expect(scan.permissions).toBeUndefined();
    const install = scan.steps?.find((s) => s.run?.includes('sha256sum'));
    expect(install?.env).toEqual({ GITLEAKS_VERSION: '8.28.0', GITLEAKS_SHA256: 'a65b5253807a68ac0cafa4414031fd740aeb55f54fb7e55f386acb52e6a840eb' });
    const script = install?.run ?? '';
    // Downloaded, then checked, and only then unpacked; no distribution package pin.
    expect(script.indexOf('curl -fsSL')).toBeGreaterThanOrEqual(0);
    expect(script.indexOf('sha256sum --check')).toBeGreaterThan(script.indexOf('curl -fsSL'));
    expect(script.indexOf('tar -xzf')).toBeGreaterThan(script.indexOf('sha256sum --check'));
    expect(script).toContain('https://github.com/gitleaks/gitleaks/releases/download/v${GITLEAKS_VERSION}/gitleaks_${GITLEAKS_VERSION}_linux_x64.tar.gz');
    expect(run(scan).join('\n')).not.toMatch(/apt-get|gitleaks=/);
    expect(run(scan).at(-1)).toBe('"$RUNNER_TEMP/gitleaks" git --redact --no-banner --verbose ${RANGE:+--log-opts="$RANGE"} .\n');
    const pr = read('pull-request');
    // No label by default: the default pull_request events, no label job.
    expect(pr.on).toEqual({ pull_request: { branches: ['main'] } });
    expect(Object.keys(pr.jobs)).toEqual(['gates', 'release-plan']);
    expect(pr.jobs['release-plan'].permissions).toEqual({ contents: 'read', actions: 'read' });
    expect(run(pr.jobs['release-plan'])).toContain('pnpm nx affected -t release --dryRun --base="$NX_BASE" --head="$NX_HEAD" --output-style=stream');
  });

  it('--label turns the pull-request label check on, re-run when labels change', async () => {
    addBackend(tree);
    await ciWorkflowGenerator(tree, { label: 'lgtm' });
    type Job = { name?: string; steps?: Step[] };
    const pr = parse(tree.read('.github/workflows/pull-request.yml', 'utf-8')!) as { on: Record<string, unknown>; jobs: Record<string, Job> };
    expect(pr.on).toEqual({ pull_request: { branches: ['main'], types: ['opened', 'synchronize', 'reopened', 'labeled', 'unlabeled'] } });
    expect(Object.keys(pr.jobs)).toEqual(['gates', 'label', 'release-plan']);
    expect(pr.jobs['label']?.name).toBe('lgtm label');
    expect(pr.jobs['label']?.steps?.[0]?.env).toEqual({ HAS_LABEL: "${{ contains(github.event.pull_request.labels.*.name, 'lgtm') }}" });
    await expect(ciWorkflowGenerator(tree, { label: "it's fine" })).rejects.toThrow(/^label: /);
    // Never silently dropped: without the gates there is no pull-request workflow to hold the check.
    await expect(ciWorkflowGenerator(tree, { label: 'lgtm', gates: false })).rejects.toThrow(/^label: the label check is a job of pull-request\.yml/);
  });

  it('--gates=false writes the release workflow alone; --label="" drops the label check; a foreign gates.yml is refused', async () => {
    addBackend(tree);
    await ciWorkflowGenerator(tree, { gates: false });
    expect(tree.exists('.github/workflows/gates.yml')).toBe(false);
    expect(Object.keys((parse(tree.read('.github/workflows/release.yml', 'utf-8')!) as { jobs: object }).jobs)).toEqual(['release']);
    await ciWorkflowGenerator(tree, { label: 'lgtm' });
    await ciWorkflowGenerator(tree, { label: '' });
    expect(Object.keys((parse(tree.read('.github/workflows/pull-request.yml', 'utf-8')!) as { jobs: object }).jobs)).toEqual(['gates', 'release-plan']);
    tree.write('.github/workflows/gates.yml', 'name: mine\n');
    const before = snapshotTree(tree);
    await expect(ciWorkflowGenerator(tree, {})).rejects.toThrow(/^gates: \.github\/workflows\/gates\.yml exists and was not written by this generator/);
    expect(snapshotTree(tree)).toEqual(before);
  });

  it('takes name, mainBranch (else nx.json defaultBase) and tagPatterns', async () => {
    addBackend(tree);
    const nxJson = readNxJson(tree)!;
    updateNxJson(tree, { ...nxJson, defaultBase: 'trunk' });
    await ciWorkflowGenerator(tree, {});
    expect(workflow(tree).on.push.branches).toEqual(['trunk']);
    await ciWorkflowGenerator(tree, { name: 'images', mainBranch: 'develop', tagPatterns: ['v*'] });
    const wf = workflow(tree, 'images');
    expect(wf.name).toBe('images');
    expect(wf.on.push).toEqual({ branches: ['develop'], tags: ['v*'] });
    expect(wf.jobs.release.steps.find((s) => s.uses === 'nrwl/nx-set-shas@v5')?.with).toEqual({ 'main-branch-name': 'develop' });
  });

  it('installs with the workspace package manager and leaves out Go when no release project has go.mod', async () => {
    tree.write('pnpm-lock.yaml', 'lockfileVersion: 9\n');
    await ciWorkflowGenerator(tree, {});
    const steps = workflow(tree).jobs.release.steps;
    expect(steps.map((s) => s.uses ?? s.run)).toEqual(expect.arrayContaining(['pnpm/action-setup@v6', 'pnpm install --frozen-lockfile']));
    expect(steps.find((s) => s.uses === 'actions/setup-go@v6')).toBeUndefined();
    expect(steps.find((s) => s.run?.includes('affected'))?.env).toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('No project has a docker-release target'));
  });

  it("sets up Node from the workspace's .nvmrc in every job that runs nx, else the LTS", async () => {
    addBackend(tree);
    const setupNode = (file: string): unknown[] => {
      const wf = parse(tree.read(`.github/workflows/${file}.yml`, 'utf-8')!) as { jobs: Record<string, { steps?: Step[] }> };
      return Object.values(wf.jobs).flatMap((job) => (job.steps ?? []).filter((s) => s.uses?.startsWith('actions/setup-node@')).map((s) => ({ uses: s.uses, with: s.with })));
    };
    await ciWorkflowGenerator(tree, {});
    expect(setupNode('release')).toEqual([{ uses: 'actions/setup-node@v7', with: { 'node-version': 24 } }]);
    tree.write('.nvmrc', '22\n');
    tree.write('package-lock.json', '{}');
    await ciWorkflowGenerator(tree, {});
    for (const file of ['release', 'gates', 'pull-request']) {
      const found = setupNode(file);
      expect(found.length).toBeGreaterThan(0);
      for (const step of found) expect(step).toEqual({ uses: 'actions/setup-node@v7', with: { 'node-version-file': '.nvmrc', cache: 'npm' } });
    }
  });

  it('a GITHUB_ACTOR login reads the runner variable, not a secret that cannot exist; GITHUB_TOKEN is the run token', async () => {
    addProjectConfiguration(tree, 'api', {
      root: 'api',
      targets: { release: { executor: EXECUTOR, options: { images: ['ghcr.io/acme/api'], login: { registry: 'ghcr.io', usernameEnv: 'GITHUB_ACTOR', passwordEnv: 'GITHUB_TOKEN' } } } },
    });
    await ciWorkflowGenerator(tree, {});
    expect(workflow(tree).jobs.release.steps.find((s) => s.run?.includes('nx affected'))?.env).toEqual({ GITHUB_TOKEN: '${{ secrets.GITHUB_TOKEN }}' });
  });

  it('returns a callback that prints the next steps for what it wrote, after the files exist', async () => {
    addBackend(tree);
    const info = jest.spyOn(logger, 'info').mockImplementation(() => undefined);
    const callback = await ciWorkflowGenerator(tree, { label: 'lgtm' });
    expect(info).not.toHaveBeenCalled();
    expect(tree.exists('.github/workflows/release.yml')).toBe(true);
    callback();
    const lines = info.mock.calls.map(([line]) => String(line));
    expect(lines[0]).toBe('Next steps (ci-workflow):');
    expect(lines[1]).toMatch(/^ {2}1\. Create the repository secrets GH_CR_USER, GH_CR_PAT, JFROG_IDENTITY_USER, JFROG_IDENTITY_TOKEN \(/);
    expect(lines.some((l) => l.includes('"gates / secret scan (gitleaks)", "release plan (dry run)", "lgtm label"'))).toBe(true);
    expect(lines.some((l) => l.includes('gh label create lgtm'))).toBe(true);
  });

  it('changes nothing on a second run', async () => {
    addBackend(tree);
    await ciWorkflowGenerator(tree, { tagPatterns: ['*.*.*'] });
    const first = snapshotTree(tree);
    await ciWorkflowGenerator(tree, { tagPatterns: ['*.*.*'] });
    expect(snapshotTree(tree)).toEqual(first);
  });

  it.each([
    [{ name: '../escape' }, 'name: "../escape"'],
    [{ mainBranch: 'my branch' }, 'mainBranch: "my branch"'],
    [{ tagPatterns: [' '] }, 'tagPatterns: an empty pattern'],
  ])('refuses %j', async (options, message) => {
    await expect(ciWorkflowGenerator(tree, options)).rejects.toThrow(message);
    expect(tree.exists('.github/workflows')).toBe(false);
  });
});

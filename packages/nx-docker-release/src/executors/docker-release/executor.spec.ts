import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { runProcess } from '../../engine/runner';
import { createLogger } from '../../log/redacting-logger';
import dockerReleaseExecutor from './executor';
import type { DockerReleaseOptions } from './schema';

// These tests fake the process runner only (the real one has its own spec, e2e runs everything).
jest.mock('../../engine/runner', () => ({ runProcess: jest.fn() }));
const runnerMock = runProcess as unknown as jest.Mock;
const SHA = '0123456789abcdef0123456789abcdef01234567';
const DIGEST = `sha256:${'a'.repeat(64)}`;
const PASSWORD = 'hunter2-very-secret';

interface Call {
  file: string;
  args: string[];
  env: Record<string, string>;
  input?: string;
  dockerConfigExisted: boolean;
}

function workspace(): { root: string; context: ExecutorContext } {
  const root = mkdtempSync(join(tmpdir(), 'executor-spec-'));
  mkdirSync(join(root, 'svc'));
  writeFileSync(join(root, 'svc/Dockerfile'), 'FROM scratch\n');
  const context = {
    root,
    cwd: root,
    isVerbose: false,
    projectName: 'svc',
    projectsConfigurations: { version: 2, projects: { svc: { root: 'svc' } } },
  } as unknown as ExecutorContext;
  return { root, context };
}

const OPTIONS: DockerReleaseOptions = {
  images: ['127.0.0.1:5000/team/svc'],
  tags: ['type=sha', 'type=raw,value=latest,enable={{is_default_branch}}'],
  login: { usernameEnv: 'TEST_USER', passwordEnv: 'TEST_PASS' },
  secrets: { token: 'TEST_BUILD_TOKEN' },
  // The registry-API path talks HTTP (covered by e2e); here docker does the pushing.
  pushMode: 'docker',
};

describe('docker-release executor (faked process runner)', () => {
  const calls: Call[] = [];
  const saved = { ...process.env };

  beforeEach(() => {
    calls.length = 0;
    process.env = { ...saved, TEST_USER: 'bot', TEST_PASS: PASSWORD, TEST_BUILD_TOKEN: 'build-token-value', GITHUB_ACTIONS: '', GITLAB_CI: '' };
    runnerMock.mockImplementation(async (file: string, args: string[], opts: { env: Record<string, string>; input?: string }) => {
      const dockerConfig = opts.env?.DOCKER_CONFIG;
      calls.push({ file, args, env: opts.env, input: opts.input, dockerConfigExisted: !!dockerConfig && existsSync(dockerConfig) });
      if (file === 'git' && args[0] === 'log') return { exitCode: 0, stdout: `${SHA}\n2026-11-20T10:00:00Z\nHEAD -> main`, stderr: '' };
      if (file === 'git') return { exitCode: 1, stdout: '', stderr: '' };
      if (args[0] === 'buildx') {
        const meta = args.find((a) => a.startsWith('--metadata-file='))!.slice('--metadata-file='.length);
        writeFileSync(meta, JSON.stringify({ 'containerimage.digest': DIGEST }));
      }
      return { exitCode: 0, stdout: '', stderr: '' };
    });
  });
  afterAll(() => {
    process.env = saved;
  });

  it('logs in with the password on stdin only, builds, pushes and reports the digest', async () => {
    const { root, context } = workspace();
    const lines: string[] = [];
    const out = await dockerReleaseExecutor(
      { ...OPTIONS, docker: 'docker' },
      context,
      createLogger((l) => lines.push(l)),
    );
    expect(out.success).toBe(true);
    const docker = calls.filter((c) => c.file === 'docker');
    expect(docker.map((c) => c.args.slice(0, 2).join(' '))).toEqual(['login --username=bot', 'buildx build']);
    expect(docker[0].input).toBe(PASSWORD);
    for (const call of docker) {
      expect(call.args.join(' ')).not.toContain(PASSWORD);
      expect(call.env.TEST_PASS).toBeUndefined();
      expect(call.dockerConfigExisted).toBe(true);
    }
    // Same private config for every docker call, removed afterwards.
    expect(new Set(docker.map((c) => c.env.DOCKER_CONFIG)).size).toBe(1);
    expect(existsSync(docker[0].env.DOCKER_CONFIG)).toBe(false);
    expect(docker[1].args).toContain('--secret=id=token,env=TEST_BUILD_TOKEN');
    const result = JSON.parse(readFileSync(join(root, 'dist/docker-release/svc.json'), 'utf8'));
    expect(result).toMatchObject({ status: 'released', digest: DIGEST, tags: ['127.0.0.1:5000/team/svc:latest', '127.0.0.1:5000/team/svc:sha-0123456'] });
    expect(lines.join('\n')).not.toContain(PASSWORD);
  });

  it('writes $GITHUB_OUTPUT and a summary table in GitHub Actions', async () => {
    const { root, context } = workspace();
    const payload = join(root, 'event.json');
    writeFileSync(payload, JSON.stringify({ repository: { name: 'repo', default_branch: 'main', html_url: 'https://github.com/o/repo' } }));
    Object.assign(process.env, {
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'push',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_SHA: SHA,
      GITHUB_EVENT_PATH: payload,
      GITHUB_OUTPUT: join(root, 'out'),
      GITHUB_STEP_SUMMARY: join(root, 'summary.md'),
    });
    const out = await dockerReleaseExecutor(
      OPTIONS,
      context,
      createLogger(() => undefined),
    );
    expect(out.success).toBe(true);
    // The event payload and GITHUB_* give the commit facts; git only checks the inputs are committed.
    expect(calls.filter((c) => c.file === 'git').map((c) => c.args[0])).toEqual(['status']);
    expect(readFileSync(join(root, 'out'), 'utf8')).toMatch(new RegExp(`digest<<(ghadelimiter_[0-9a-f]+)\\n${DIGEST}\\n\\1`));
    expect(readFileSync(join(root, 'summary.md'), 'utf8')).toContain('| `127.0.0.1:5000/team/svc:latest` | pushed |');
  });

  it('a pull request the tag rules give no tag is skipped, not failed: run output, result file, outputs and summary say why', async () => {
    const { root, context } = workspace();
    const payload = join(root, 'event.json');
    writeFileSync(payload, JSON.stringify({ number: 12, pull_request: { head: { sha: SHA } }, repository: { name: 'repo', default_branch: 'main' } }));
    Object.assign(process.env, {
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_REF: 'refs/pull/12/merge',
      GITHUB_SHA: SHA,
      GITHUB_EVENT_PATH: payload,
      GITHUB_OUTPUT: join(root, 'out'),
      GITHUB_STEP_SUMMARY: join(root, 'summary.md'),
    });
    const reason = 'tags: the tag rules produce no tag for pull_request refs/pull/12/merge; nothing to release';
    const options = { ...OPTIONS, tags: ['type=raw,value=latest,enable={{is_default_branch}}'] };
    const lines: string[] = [];
    const out = await dockerReleaseExecutor(
      options,
      context,
      createLogger((l) => lines.push(l)),
    );
    expect(out).toMatchObject({ success: true, status: 'skipped', reason });
    expect(lines).toContain(`svc: skipped: ${reason}`);
    expect(lines.filter((l) => l.startsWith('error:'))).toEqual([]);
    expect(calls.filter((c) => c.file === 'docker')).toEqual([]);
    expect(JSON.parse(readFileSync(join(root, 'dist/docker-release/svc.json'), 'utf8'))).toMatchObject({ project: 'svc', status: 'skipped', reason });
    expect(readFileSync(join(root, 'out'), 'utf8')).toMatch(/status<<(ghadelimiter_[0-9a-f]+)\nskipped\n\1/);
    expect(readFileSync(join(root, 'summary.md'), 'utf8')).toBe(`### svc: skipped\n\n${reason}\n`);

    const dry: string[] = [];
    const planned = await dockerReleaseExecutor(
      { ...options, dryRun: true },
      context,
      createLogger((l) => dry.push(l)),
    );
    expect(planned).toMatchObject({ success: true, status: 'skipped', reason });
    expect(dry).toContain(`svc: skipped: ${reason}`);
  });

  it('removes the temporary config and fails cleanly when the build fails', async () => {
    const { context } = workspace();
    runnerMock.mockImplementation(async (file: string, args: string[], opts: { env: Record<string, string> }) => {
      calls.push({ file, args, env: opts.env, dockerConfigExisted: false });
      if (file === 'git' && args[0] === 'log') return { exitCode: 0, stdout: `${SHA}\n2026-11-20T10:00:00Z\nHEAD -> main`, stderr: '' };
      return { exitCode: args[0] === 'buildx' ? 1 : 0, stdout: '', stderr: 'boom' };
    });
    const lines: string[] = [];
    const out = await dockerReleaseExecutor(
      OPTIONS,
      context,
      createLogger((l) => lines.push(l)),
    );
    expect(out.success).toBe(false);
    expect(lines).toContain('error: docker build failed (exit 1); see the build output above');
    const config = calls.find((c) => c.file === 'docker')!.env.DOCKER_CONFIG;
    expect(existsSync(config)).toBe(false);
  });

  it("the result file never keeps a previous run's digest: a failed run says failed, a dry run leaves the file alone", async () => {
    const { root, context } = workspace();
    const file = join(root, 'dist/docker-release/svc.json');
    mkdirSync(join(root, 'dist/docker-release'), { recursive: true });
    const stale = JSON.stringify({ project: 'svc', status: 'released', digest: `sha256:${'b'.repeat(64)}` });
    writeFileSync(file, stale);
    await dockerReleaseExecutor(
      { ...OPTIONS, dryRun: true },
      context,
      createLogger(() => undefined),
    );
    expect(readFileSync(file, 'utf8')).toBe(stale);

    runnerMock.mockImplementation(async (f: string, args: string[]) => {
      if (f === 'git' && args[0] === 'log') return { exitCode: 0, stdout: `${SHA}\n2026-11-20T10:00:00Z\nHEAD -> main`, stderr: '' };
      return { exitCode: args[0] === 'buildx' ? 1 : 0, stdout: '', stderr: 'boom' };
    });
    const out = await dockerReleaseExecutor(
      OPTIONS,
      context,
      createLogger(() => undefined),
    );
    expect(out.success).toBe(false);
    const result = JSON.parse(readFileSync(file, 'utf8'));
    expect(result).toMatchObject({ project: 'svc', status: 'failed', digest: '', tags: [], reason: 'docker build failed (exit 1); see the build output above' });
  });

  it('a skipped project writes a skipped result over a previous one', async () => {
    const { root, context } = workspace();
    const file = join(root, 'dist/docker-release/svc.json');
    mkdirSync(join(root, 'dist/docker-release'), { recursive: true });
    writeFileSync(file, JSON.stringify({ project: 'svc', status: 'released', digest: DIGEST }));
    // A tag ref that is not this project's release pattern: the project is skipped.
    Object.assign(process.env, { GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/tags/other@1.0.0', GITHUB_SHA: SHA });
    const out = await dockerReleaseExecutor(
      { ...OPTIONS, releaseTagPattern: 'svc@{version}' },
      context,
      createLogger(() => undefined),
    );
    expect(out).toMatchObject({ success: true, status: 'skipped' });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ status: 'skipped', digest: '' });
  });

  it("a tag of another project's pattern skips this one and says whose it is", async () => {
    const { context } = workspace();
    const projects = { svc: { root: 'svc' }, api: { root: 'api', targets: { release: { executor: 'nx-docker-release:docker-release', options: { releaseTagPattern: 'v{version}' } } } } };
    Object.assign(process.env, { GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/tags/v0.0.9', GITHUB_SHA: SHA });
    const lines: string[] = [];
    const out = await dockerReleaseExecutor(
      OPTIONS,
      { ...context, projectsConfigurations: { version: 2, projects } } as ExecutorContext,
      createLogger((l) => lines.push(l)),
    );
    const reason = 'tag v0.0.9 does not match releaseTagPattern "{version}" of project svc; it releases api ("v{version}")';
    expect(out).toMatchObject({ success: true, status: 'skipped', reason });
    expect(lines).toContain(`svc: skipped: ${reason}`);
    expect(calls.filter((c) => c.file === 'docker')).toEqual([]);
  });

  it('dry run runs no docker command', async () => {
    const { context } = workspace();
    const lines: string[] = [];
    const out = await dockerReleaseExecutor(
      { ...OPTIONS, dryRun: true },
      context,
      createLogger((l) => lines.push(l)),
    );
    expect(out.success).toBe(true);
    expect(calls.filter((c) => c.file === 'docker')).toEqual([]);
    expect(lines).toContain('dry run: nothing was built or pushed');
  });

  it('dry run: a build stage that would RUN under emulation is a warning line; a source .dockerignore excludes is one error line, before any docker call', async () => {
    const { root, context } = workspace();
    writeFileSync(join(root, 'svc/Dockerfile'), 'FROM 127.0.0.1:5000/golang:1.19 AS build\nCOPY main.go /src/\nRUN ["go", "build"]\nFROM scratch\nCOPY --from=build /src/main.go /\n');
    writeFileSync(join(root, 'svc/main.go'), 'package main\n');
    const lines: string[] = [];
    const out = await dockerReleaseExecutor(
      { ...OPTIONS, platforms: ['linux/s390x'], dryRun: true },
      context,
      createLogger((l) => lines.push(l)),
    );
    expect(out.success).toBe(true);
    expect(lines.filter((l) => l.startsWith('warning: platforms:'))).toEqual([
      expect.stringMatching(/^warning: platforms: svc\/Dockerfile:1 stage build runs 1 RUN step\(s\) for linux\/s390x under emulation/),
    ]);
    writeFileSync(join(root, 'svc/.dockerignore'), '*.go\n');
    lines.length = 0;
    const refused = await dockerReleaseExecutor(
      { ...OPTIONS, dryRun: true },
      context,
      createLogger((l) => lines.push(l)),
    );
    expect(refused.success).toBe(false);
    expect(lines.filter((l) => l.startsWith('error:'))).toEqual([
      'error: context: svc/Dockerfile:2 COPY main.go: excluded by svc/.dockerignore (rule "*.go"), so the build would not find it; add !main.go to that file or change the COPY',
    ]);
    expect(calls.filter((c) => c.file === 'docker')).toEqual([]);
  });

  it("a configured target's plugin defaults from nx.json are held to the schema: one line naming nx.json and the key, no docker call", async () => {
    const { context } = workspace();
    const lines: string[] = [];
    const nxJson = { plugins: [{ plugin: 'nx-docker-release/plugin', options: { retry: { attempts: 'x' } } }] };
    const out = await dockerReleaseExecutor(
      OPTIONS,
      { ...context, nxJsonConfiguration: nxJson } as unknown as ExecutorContext,
      createLogger((l) => lines.push(l)),
    );
    expect(out.success).toBe(false);
    expect(lines).toEqual(['error: nx.json: plugin nx-docker-release options.retry.attempts: must be an integer']);
    expect(calls).toEqual([]);
  });
});

describe('docker-release executor in a run over many projects', () => {
  const saved = { ...process.env };
  afterAll(() => {
    process.env = saved;
  });

  it('takes missing options from the plugin entry in nx.json and records its entry for the end-of-run summary', async () => {
    const { root, context } = workspace();
    const runDir = join(root, 'run');
    process.env = { ...saved, GITHUB_ACTIONS: '', GITLAB_CI: '', NX_DOCKER_RELEASE_RUN: runDir, GITHUB_STEP_SUMMARY: join(root, 'summary.md') };
    const nxJson = { plugins: [{ plugin: 'nx-docker-release/plugin', options: { registry: '127.0.0.1:5000/team', login: { usernameEnv: 'PLUGIN_USER', passwordEnv: 'PLUGIN_PASS' } } }] };
    const lines: string[] = [];
    const out = await dockerReleaseExecutor(
      { tags: ['type=sha'], dryRun: true } as DockerReleaseOptions,
      { ...context, targetName: 'release', nxJsonConfiguration: nxJson } as ExecutorContext,
      createLogger((l) => lines.push(l)),
    );
    expect(out.success).toBe(true);
    expect(out.tags).toEqual(['127.0.0.1:5000/team/svc:sha-0123456']);
    expect(lines).toContain('warning: login.passwordEnv: environment variable PLUGIN_PASS is not set (a real run would stop here)');
    const entry = JSON.parse(readFileSync(join(runDir, 'svc.release.json'), 'utf8'));
    expect(entry).toMatchObject({ project: 'svc', target: 'release', dryRun: true, result: { tags: ['127.0.0.1:5000/team/svc:sha-0123456'] } });
    // A failure before any plan is recorded with its one line, never a stack.
    await dockerReleaseExecutor(
      { images: ['Bad Name'] } as DockerReleaseOptions,
      { ...context, targetName: 'release' } as ExecutorContext,
      createLogger(() => undefined),
    );
    const failed = JSON.parse(readFileSync(join(runDir, 'svc.release.json'), 'utf8'));
    expect(failed.result).toBeUndefined();
    expect(failed.error).toMatch(/^images/);
    expect(existsSync(join(root, 'summary.md'))).toBe(false);
  });
});

describe('docker-release executor: a working tree with uncommitted changes', () => {
  const saved = { ...process.env };
  afterAll(() => {
    process.env = saved;
  });

  const dirtyRunner = (status: string) =>
    runnerMock.mockClear().mockImplementation(async (file: string, args: string[]) => {
      if (file === 'git' && args[0] === 'log') return { exitCode: 0, stdout: `${SHA}\n2026-11-20T10:00:00Z\nHEAD -> main`, stderr: '' };
      if (file === 'git' && args[0] === 'status') return { exitCode: 0, stdout: status, stderr: '' };
      if (file === 'git') return { exitCode: 1, stdout: '', stderr: '' };
      return { exitCode: 0, stdout: '', stderr: '' };
    });

  it('stops before any docker call, naming the changed tracked files', async () => {
    process.env = { ...saved, GITHUB_ACTIONS: '', GITLAB_CI: '' };
    dirtyRunner(' M svc/main.go\0R  svc/new.go\0svc/old.go\0?? svc/notes.txt\0');
    const { root, context } = workspace();
    writeFileSync(join(root, 'svc/Dockerfile'), 'FROM scratch\nCOPY *.go /src/\n');
    const lines: string[] = [];
    const out = await dockerReleaseExecutor(
      { images: ['127.0.0.1:5000/team/svc'], tags: ['type=sha'] },
      context,
      createLogger((l) => lines.push(l)),
    );
    expect(out.success).toBe(false);
    expect(lines).toContain(
      'error: the build inputs have uncommitted changes (svc/main.go, svc/new.go): an image tagged with commit 0123456 must be built from it; commit or stash them, or set allowDirty to build without tags that name the commit',
    );
    expect(runnerMock.mock.calls.filter(([file]) => file === 'docker')).toEqual([]);
    const status = runnerMock.mock.calls.find(([file, args]) => file === 'git' && args[0] === 'status');
    expect(status?.[1]).toEqual(['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', 'svc', 'svc/Dockerfile']);
  });

  it('the sources of the build task whose output the image copies count too, tracked and untracked', async () => {
    process.env = { ...saved, GITHUB_ACTIONS: '', GITLAB_CI: '' };
    dirtyRunner(' M svc/main.go\0?? svc/extra.go\0');
    const { root, context } = workspace();
    writeFileSync(join(root, 'svc/Dockerfile'), 'FROM scratch\nCOPY bin/app /app\n');
    mkdirSync(join(root, 'svc/bin'));
    writeFileSync(join(root, 'svc/bin/app'), 'built by svc:build');
    const task = (target: string) => ({ id: `svc:${target}`, target: { project: 'svc', target }, overrides: {}, outputs: [] });
    const withBuild = {
      ...context,
      targetName: 'release',
      taskGraph: {
        roots: ['svc:build'],
        tasks: { 'svc:release': task('release'), 'svc:build': task('build') },
        dependencies: { 'svc:release': ['svc:build'], 'svc:build': [] },
        continuousDependencies: {},
      },
      projectGraph: { nodes: { svc: { name: 'svc', type: 'app', data: { root: 'svc' } } }, dependencies: { svc: [] } },
    } as unknown as ExecutorContext;
    const lines: string[] = [];
    const out = await dockerReleaseExecutor(
      { images: ['r.example/svc'], tags: ['type=sha'] },
      withBuild,
      createLogger((l) => lines.push(l)),
    );
    expect(out.success).toBe(false);
    expect(lines.find((l) => l.startsWith('error:'))).toMatch(/^error: the build inputs have uncommitted changes \(svc\/main\.go, svc\/extra\.go\)/);
    // Without the task graph's edge, bin/app is all the image reads: the same tree has no change to report.
    dirtyRunner(' M svc/main.go\0?? svc/extra.go\0');
    const clean: string[] = [];
    const out2 = await dockerReleaseExecutor(
      { images: ['r.example/svc'], tags: ['type=sha'], dryRun: true },
      context,
      createLogger((l) => clean.push(l)),
    );
    expect(out2.success).toBe(true);
    expect(clean.filter((l) => l.includes('uncommitted'))).toEqual([]);
  });

  it('a dry run prints the plan and warns; nothing is built', async () => {
    process.env = { ...saved, GITHUB_ACTIONS: '', GITLAB_CI: '' };
    dirtyRunner(' M svc/main.go\0');
    const { root, context } = workspace();
    writeFileSync(join(root, 'svc/Dockerfile'), 'FROM scratch\nCOPY main.go /\n');
    writeFileSync(join(root, 'svc/main.go'), 'package main\n');
    const lines: string[] = [];
    const out = await dockerReleaseExecutor(
      { images: ['r.example/svc'], tags: ['type=sha'], dryRun: true },
      context,
      createLogger((l) => lines.push(l)),
    );
    expect(out.success).toBe(true);
    expect(out.tags).toEqual(['r.example/svc:sha-0123456']);
    expect(lines).toContain('  r.example/svc:sha-0123456');
    expect(lines).toContain(
      'warning: the build inputs have uncommitted changes (svc/main.go): an image tagged with commit 0123456 must be built from it; commit or stash them, or set allowDirty to build without tags that name the commit (a real run stops here)',
    );
    expect(lines).toContain('dry run: nothing was built or pushed');
    expect(runnerMock.mock.calls.filter(([file, args]) => file === 'docker' && args.includes('build'))).toEqual([]);
  });

  it('a change .dockerignore keeps out of the build is not a change to the image', async () => {
    process.env = { ...saved, GITHUB_ACTIONS: '', GITLAB_CI: '' };
    dirtyRunner(' M svc/README.md\0');
    const { root, context } = workspace();
    writeFileSync(join(root, 'svc/.dockerignore'), 'README.md\n');
    const out = await dockerReleaseExecutor(
      { images: ['r.example/svc'], tags: ['type=sha'], dryRun: true },
      context,
      createLogger(() => undefined),
    );
    expect(out.success).toBe(true);
    expect(out.tags).toEqual(['r.example/svc:sha-0123456']);
  });

  it('allowDirty: no tag names the commit and the revision label says dirty', async () => {
    process.env = { ...saved, GITHUB_ACTIONS: '', GITLAB_CI: '' };
    dirtyRunner(' M svc/main.go\0');
    const { root, context } = workspace();
    writeFileSync(join(root, 'svc/Dockerfile'), 'FROM scratch\nCOPY main.go /\n');
    writeFileSync(join(root, 'svc/main.go'), 'package main\n');
    const lines: string[] = [];
    const out = await dockerReleaseExecutor(
      { images: ['r.example/svc'], tags: ['type=sha', 'type=raw,value=dev'], allowDirty: true, dryRun: true },
      context,
      createLogger((l) => lines.push(l)),
    );
    expect(out.tags).toEqual(['r.example/svc:dev']);
    expect(out.labels?.['org.opencontainers.image.revision']).toBe(`${SHA}-dirty`);
    expect(lines.some((l) => l.startsWith('warning: allowDirty: building uncommitted changes (svc/main.go); 1 tag(s) naming commit 0123456 left out'))).toBe(true);
    const only = await dockerReleaseExecutor(
      { images: ['r.example/svc'], tags: ['type=sha'], allowDirty: true },
      context,
      createLogger(() => undefined),
    );
    expect(only.success).toBe(false);
  });
});

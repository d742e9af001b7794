import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, homedir } from 'node:os';
import { join } from 'node:path';
import { recordingDocker } from './support/recording-docker';
import { RegistryClient } from './support/registry-client';
import { BACKEND_REPO, changeBackendSource, setUpBackendRelease, tearDownBackendRelease } from './support/backend-setup';
import { startRegistry, type TestRegistry } from './support/registry';
import type { TempWorkspace } from './support/workspace';

describe('nx run backend:release against a real registry', () => {
  let registry: TestRegistry;
  let ws: TempWorkspace;
  let client: RegistryClient;
  let env: Record<string, string>;
  const jfrogToken = `jfrog-${Date.now()}-tok3n`;

  beforeAll(async () => {
    ({ registry, ws, client, env } = await setUpBackendRelease({ JFROG_IDENTITY_TOKEN: jfrogToken }));
  });

  afterAll(() => tearDownBackendRelease({ registry, ws }));

  it('--dry-run prints the plan with redacted commands and pushes nothing', async () => {
    const sha = ws.git('rev-parse', 'HEAD');
    const { status, output } = ws.nx(['run', 'backend:release', `--registry=${registry.host}`, '--dryRun'], env);
    expect(output).toContain(`${registry.host}/${BACKEND_REPO}:sha-${sha.slice(0, 7)}`);
    expect(output).toContain(`${registry.host}/${BACKEND_REPO}:latest`);
    expect(output).toContain('registry API (5 attempts, auth $GH_CR_USER/$GH_CR_PAT): reuse sha-');
    expect(output).toContain(`--tag=$RELAY:sha-${sha.slice(0, 7)}`);
    expect(output).toContain('BuildKit pushes through a loopback relay');
    expect(output).not.toContain('docker save');
    expect(output).toContain('--secret=id=JFROG_TOKEN,env=JFROG_IDENTITY_TOKEN');
    expect(output).toContain('dry run: nothing was built or pushed');
    expect(status).toBe(0);
    expect(await client.tags(BACKEND_REPO)).toEqual([]);
  });

  it('releases the backend: tags, OCI labels and digest verified through the registry', async () => {
    const sha = ws.git('rev-parse', 'HEAD');
    const { status, output } = ws.nx(['run', 'backend:release', `--registry=${registry.host}`], env);
    expect(output).toContain('released:');
    expect(status).toBe(0);

    expect(await client.tags(BACKEND_REPO)).toEqual(['latest', `sha-${sha.slice(0, 7)}`]);
    const result = JSON.parse(readFileSync(join(ws.root, 'dist/docker-release/backend.json'), 'utf8'));
    expect(result.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    for (const tag of ['latest', `sha-${sha.slice(0, 7)}`]) {
      expect((await client.manifest(BACKEND_REPO, tag)).digest).toBe(result.digest);
    }
    const { labels } = await client.config(BACKEND_REPO, 'latest');
    expect(labels).toMatchObject({
      'org.opencontainers.image.revision': sha,
      'org.opencontainers.image.version': 'latest',
      'org.opencontainers.image.source': 'https://github.com/kyma-project/kyma-companion',
      'org.opencontainers.image.url': 'https://github.com/kyma-project/kyma-companion',
      'org.opencontainers.image.title': 'backend',
    });
    expect(new Date(labels['org.opencontainers.image.created']).getTime()).toBeGreaterThan(Date.now() - 10 * 60_000);
  });

  it.each(['registry', 'docker'])('pushMode %s: the registry password and build secrets reach no argv, output, file or image layer', async (pushMode) => {
    const docker = recordingDocker();
    // This run's own temp space: other runs on the machine make docker-release-* directories too.
    const runTmp = mkdtempSync(join(tmpdir(), 'e2e-run-tmp-'));
    const hadUserConfig = existsSync(join(homedir(), '.docker/config.json'));

    changeBackendSource(ws, `secret-test ${pushMode}`);
    ws.commit(`touch backend (${pushMode})`);
    const { status, output } = ws.nx(['run', 'backend:release', `--registry=${registry.host}`, `--docker=${docker.path}`, `--pushMode=${pushMode}`], { ...env, TMPDIR: runTmp });
    expect(status).toBe(0);

    const argv = docker.calls().join('\n');
    expect(argv).toContain('buildx build');
    if (pushMode === 'docker') expect(argv).toContain('login --username=releaser --password-stdin');
    else expect(argv).not.toContain('login');
    for (const secret of [registry.password, jfrogToken]) {
      expect(output).not.toContain(secret);
      expect(argv).not.toContain(secret);
      expect(readFileSync(join(ws.root, 'dist/docker-release/backend.json'), 'utf8')).not.toContain(secret);
    }
    // The temporary DOCKER_CONFIG (login, scratch files) is gone, and ~/.docker was not written.
    const leftovers = readdirSync(runTmp).filter((f) => f.startsWith('docker-release-'));
    rmSync(runTmp, { recursive: true, force: true });
    expect(leftovers).toEqual([]);
    expect(existsSync(join(homedir(), '.docker/config.json'))).toBe(hadUserConfig);
    // Nothing in the image: config (labels, history) and every layer, decompressed.
    const sha = ws.git('rev-parse', 'HEAD');
    for (const blob of await client.blobs(BACKEND_REPO, `sha-${sha.slice(0, 7)}`)) {
      expect(blob.includes(registry.password)).toBe(false);
      expect(blob.includes(jfrogToken)).toBe(false);
    }
  });

  it('builder classic: BuildKit docker build, docker login and one docker push per tag, same digest everywhere', async () => {
    changeBackendSource(ws, 'classic');
    const sha = ws.commit('classic builder');
    const docker = recordingDocker();
    const { status, output } = ws.nx(['run', 'backend:release', `--registry=${registry.host}`, `--docker=${docker.path}`, '--builder=classic', '--pushMode=docker'], env);
    expect(output).toContain('build with BuildKit docker build (no buildx)');
    expect(status).toBe(0);
    const calls = docker.calls();
    expect(calls.filter((c) => c.startsWith('login --username=releaser --password-stdin'))).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith('push '))).toHaveLength(2);
    expect(calls.some((c) => c.startsWith('build ') && c.includes('--iidfile='))).toBe(true);
    const result = JSON.parse(readFileSync(join(ws.root, 'dist/docker-release/backend.json'), 'utf8'));
    expect(result.builder).toBe('classic');
    for (const tag of ['latest', `sha-${sha.slice(0, 7)}`]) {
      expect((await client.manifest(BACKEND_REPO, tag)).digest).toBe(result.digest);
    }
  });

  it('with login: [] (no login, over the workspace default), the docker credential helper of the user config supplies the password, never printed', async () => {
    // The user's own `docker login` state: a credsStore helper program on PATH, as Docker Desktop,
    // pass or secretservice set up. The helper answers only for this registry and notes each ask.
    const config = mkdtempSync(join(tmpdir(), 'e2e-docker-config-'));
    const asked = join(config, 'asked');
    writeFileSync(join(config, 'config.json'), JSON.stringify({ credsStore: 'e2e' }));
    const helper = join(config, 'docker-credential-e2e');
    writeFileSync(
      helper,
      `#!/bin/sh\nread server\necho "$1 $server" >> ${asked}\n[ "$server" = "${registry.host}" ] || exit 1\nprintf '{"ServerURL":"%s","Username":"${registry.user}","Secret":"${registry.password}"}' "$server"\n`,
    );
    chmodSync(helper, 0o755);
    ws.write('services/helper-svc/Dockerfile', 'FROM scratch\nCOPY hello.txt /hello.txt\n');
    ws.write('services/helper-svc/hello.txt', 'hello\n');
    ws.write(
      'services/helper-svc/project.json',
      JSON.stringify({
        name: 'helper-svc',
        root: 'services/helper-svc',
        targets: { release: { executor: 'nx-docker-release:docker-release', options: { images: [`${registry.host}/e2e/helper-svc`], tags: ['type=sha'], login: [] } } },
      }),
    );
    const sha = ws.commit('a service released with the user docker config');
    const { status, output } = ws.nx(['run', 'helper-svc:release'], { DOCKER_CONFIG: config, PATH: `${config}:${process.env.PATH ?? ''}` });
    expect(output).toContain('released:');
    expect(status).toBe(0);
    expect(output).not.toContain(registry.password);
    expect(readFileSync(asked, 'utf8')).toBe(`get ${registry.host}\n`);
    expect(await client.tags('e2e/helper-svc')).toEqual([`sha-${sha.slice(0, 7)}`]);
  });

  it.each(['registry', 'docker'])('pushMode %s, a login per registry: one build, both registries get the image, each with its own credentials', async (pushMode) => {
    const second = await startRegistry('hub-bot');
    try {
      ws.write('services/two-reg/Dockerfile', 'FROM scratch\nCOPY hello.txt /hello.txt\n');
      ws.write('services/two-reg/hello.txt', `two registries, pushMode ${pushMode}\n`);
      const login = [
        { usernameEnv: 'REG_A_USER', passwordEnv: 'REG_A_PASS' },
        { registry: second.host, usernameEnv: 'REG_B_USER', passwordEnv: 'REG_B_PASS' },
      ];
      const images = [`${registry.host}/e2e/two-reg`, `${second.host}/e2e/two-reg`];
      ws.write(
        'services/two-reg/project.json',
        JSON.stringify({ name: 'two-reg', root: 'services/two-reg', targets: { release: { executor: 'nx-docker-release:docker-release', options: { images, tags: ['type=sha'], login } } } }),
      );
      const sha = ws.commit('a service released to two registries');
      const emptyConfig = mkdtempSync(join(tmpdir(), 'e2e-docker-config-'));
      const { status, output } = ws.nx(['run', 'two-reg:release', `--pushMode=${pushMode}`], {
        DOCKER_CONFIG: emptyConfig,
        REG_A_USER: registry.user,
        REG_A_PASS: registry.password,
        REG_B_USER: second.user,
        REG_B_PASS: second.password,
      });
      expect(output).toContain('released:');
      expect(status).toBe(0);
      for (const secret of [registry.password, second.password]) expect(output).not.toContain(secret);
      if (pushMode === 'docker') expect(output).toContain(`login ${second.host} (user from $REG_B_USER, password from $REG_B_PASS on stdin)`);
      const tag = `sha-${sha.slice(0, 7)}`;
      const [a, b] = await Promise.all([client.manifest('e2e/two-reg', tag), new RegistryClient(second.host, second.user, second.password).manifest('e2e/two-reg', tag)]);
      expect(b.digest).toBe(a.digest);
    } finally {
      await second.stop();
    }
  });

  it('a build step that prints a BuildKit secret (plain and base64): every form is redacted from the output, result, GITHUB_OUTPUT, summary and image', async () => {
    // A static program run by RUN in a FROM scratch image: it prints the mounted secret as a
    // careless build script would, then writes nothing of it into the image.
    const src = mkdtempSync(join(tmpdir(), 'e2e-echo-src-'));
    writeFileSync(join(src, 'go.mod'), 'module echo\n\ngo 1.19\n');
    writeFileSync(
      join(src, 'main.go'),
      'package main\n\nimport (\n\t"encoding/base64"\n\t"fmt"\n\t"os"\n)\n\nfunc main() {\n\tb, err := os.ReadFile(os.Args[1])\n\tif err != nil {\n\t\tpanic(err)\n\t}\n\tfmt.Printf("token=%s\\n", b)\n\tfmt.Printf("b64=%s\\n", base64.StdEncoding.EncodeToString(b))\n}\n',
    );
    execFileSync('go', ['build', '-o', join(ws.root, 'services/echo-svc/bin/echo-secret'), '.'], { cwd: src, env: { ...process.env, CGO_ENABLED: '0' } });
    rmSync(src, { recursive: true, force: true });
    ws.write('services/echo-svc/Dockerfile', 'FROM scratch\nCOPY bin/echo-secret /echo-secret\nRUN --mount=type=secret,id=TOKEN ["/echo-secret", "/run/secrets/TOKEN"]\n');
    const options = { images: [`${registry.host}/e2e/echo-svc`], tags: ['type=sha'], secrets: { TOKEN: 'ECHO_TOKEN' } };
    ws.write('services/echo-svc/project.json', JSON.stringify({ name: 'echo-svc', root: 'services/echo-svc', targets: { release: { executor: 'nx-docker-release:docker-release', options } } }));
    const sha = ws.commit('a service whose build prints its secret');
    const token = `echo-${Date.now()}-s3cr3t-value`;
    const outputs = join(ws.root, 'tmp-github-output');
    const summary = join(ws.root, 'tmp-step-summary');
    writeFileSync(outputs, '');
    writeFileSync(summary, '');
    const { status, output } = ws.nx(['run', 'echo-svc:release', '--skip-nx-cache'], { ...env, ECHO_TOKEN: token, GITHUB_OUTPUT: outputs, GITHUB_STEP_SUMMARY: summary });
    expect(output).toContain('released:');
    expect(status).toBe(0);
    // The step really ran and printed: its lines are there, with the values masked.
    expect(output).toContain('token=***');
    expect(output).toContain('b64=***');
    const forms = [token, Buffer.from(token).toString('base64')];
    const files = [join(ws.root, 'dist/docker-release/echo-svc.json'), outputs, summary].map((f) => readFileSync(f, 'utf8'));
    expect(files[0]).toContain(sha);
    for (const form of forms) {
      expect(output).not.toContain(form);
      for (const text of files) expect(text).not.toContain(form);
      for (const blob of await client.blobs('e2e/echo-svc', `sha-${sha.slice(0, 7)}`)) expect(blob.includes(form)).toBe(false);
    }
  });

  it('a named build context: its files reach the image, and a change in it makes the service affected', async () => {
    ws.write('services/ctx-svc/Dockerfile', 'FROM scratch\nCOPY --from=shared httpx/httpx.go /src/httpx.go\n');
    ws.write(
      'services/ctx-svc/project.json',
      JSON.stringify({
        name: 'ctx-svc',
        root: 'services/ctx-svc',
        targets: {
          release: {
            executor: 'nx-docker-release:docker-release',
            options: { images: [`${registry.host}/e2e/ctx-svc`], tags: ['type=sha'], buildContexts: { shared: 'assistant/shared' }, login: { usernameEnv: 'GH_CR_USER', passwordEnv: 'GH_CR_PAT' } },
          },
        },
      }),
    );
    const sha = ws.commit('a service built with a named build context');
    const { status, output } = ws.nx(['run', 'ctx-svc:release'], env);
    expect(output).toContain('--build-context=shared=assistant/shared');
    expect(status).toBe(0);
    const layers = await client.blobs('e2e/ctx-svc', `sha-${sha.slice(0, 7)}`);
    expect(layers.some((blob) => blob.includes('package httpx'))).toBe(true);
    // The graph: a change inside the named context, nowhere near the service, affects it.
    ws.write('assistant/shared/httpx/httpx.go', `${readFileSync(join(ws.root, 'assistant/shared/httpx/httpx.go'), 'utf8')}\n// touched\n`);
    ws.commit('touch the shared module');
    const affected = ws.nx(['show', 'projects', '--affected', '--base=HEAD~1', '--head=HEAD'], env);
    expect(affected.output.split('\n').map((l) => l.trim())).toContain('ctx-svc');
  });

  it.each([
    ['missing', 'is not set'],
    ['empty', 'is set but empty'],
  ])('fails before any docker call when the password variable is %s, naming it', (_what, says) => {
    const docker = recordingDocker();
    const { GH_CR_PAT: _pat, ...rest } = env;
    const { status, output } = ws.nx(['run', 'backend:release', `--registry=${registry.host}`, `--docker=${docker.path}`], says === 'is not set' ? rest : { ...env, GH_CR_PAT: '' });
    expect(status).not.toBe(0);
    expect(output).toContain(`login.passwordEnv: environment variable GH_CR_PAT ${says}`);
    expect(output).not.toMatch(/\n\s+at .*\(.*\.ts:\d+/);
    expect(docker.calls()).toEqual([]);
  });

  it.each([
    [['--images=Not A Valid/Name'], 'images[0]'],
    [['--file=assistant/backend/Nope.Dockerfile'], 'file: Dockerfile "assistant/backend/Nope.Dockerfile" does not exist'],
    [['--context=assistant/nowhere'], 'context: build context "assistant/nowhere" is not a directory'],
    [['--tags=type=semver'], 'tags:'],
    [['--frobnicate=1'], 'frobnicate'],
    [['--registry=myregistry'], 'registry: "myregistry" has no dot or port'],
    // Nothing listens there: the retries run out before any build, in one line.
    [['--registry=127.0.0.1:9', '--retry.attempts=2', '--retry.minDelayMs=1', '--retry.maxDelayMs=5'], 'registry: GET 127.0.0.1:9/v2/'],
  ])('rejects bad input %j with a clear message and no docker call', (args, message) => {
    const docker = recordingDocker();
    const target = args.some((a) => a.startsWith('--registry=')) ? [] : [`--registry=${registry.host}`];
    // A dead target registry holds the Go toolchain base too: its login is the only one the release has.
    const dead: Record<string, string> = args.includes('--registry=127.0.0.1:9') ? { BASE_REGISTRY: '127.0.0.1:9' } : {};
    const { status, output } = ws.nx(['run', 'backend:release', ...target, `--docker=${docker.path}`, ...args], { ...env, ...dead });
    expect(status).not.toBe(0);
    expect(output).toContain(message);
    expect(output).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
    expect(docker.calls()).toEqual([]);
  });
});

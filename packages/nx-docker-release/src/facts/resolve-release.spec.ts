import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DockerReleaseOptions } from '../release/options';
import { planResolved } from '../release/plan';
import type { ReleaseFacts } from '../release/types';
import type { Runner } from '../release/runner';
import { gatherFacts, resolveRelease } from './gather-facts';

// No git process: the commit comes from GitHub Actions' variables, `git status` answers "not a repository".
const run: Runner = () => Promise.resolve({ exitCode: 128, stdout: '', stderr: 'not a git repository' });
const CI = { GITHUB_ACTIONS: 'true', GITHUB_SHA: 'a'.repeat(40), GITHUB_REF: 'refs/heads/main', GITHUB_EVENT_NAME: 'push', GITHUB_REPOSITORY: 'org/app' };

describe('options are resolved once, before the facts and the plan', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'resolve-release-spec-'));
    writeFileSync(join(root, 'Dockerfile'), 'ARG BASE=127.0.0.1:5000\nFROM ${BASE}/golang:1.19 AS build\nARG VERSION\nCOPY main.go /src/\nFROM scratch\nCOPY --from=build /src/main.go /\n');
    writeFileSync(join(root, 'main.go'), 'package main\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const options: DockerReleaseOptions = {
    images: ['ghcr.io/org/app'],
    tags: ['type=sha'],
    context: '.',
    buildArgs: { VERSION: '${{ env.APP_VERSION }}', BASE: "${{ env.BASE_REGISTRY || '127.0.0.1:5000' }}" },
  };
  const resolve = (env: Record<string, string>) => resolveRelease(options, { name: 'app', root: '.' }, root, { ...CI, ...env }, run);

  it('the content key hashes build args after their expressions are evaluated', async () => {
    const one = await resolve({ APP_VERSION: '1.0.0' });
    const two = await resolve({ APP_VERSION: '2.0.0' });
    expect(one.options.buildArgs).toEqual({ VERSION: '1.0.0', BASE: '127.0.0.1:5000' });
    expect(two.options.buildArgs?.VERSION).toBe('2.0.0');
    expect(one.facts.contentKey).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(two.facts.contentKey).not.toBe(one.facts.contentKey);
    expect((await resolve({ APP_VERSION: '1.0.0' })).facts.contentKey).toBe(one.facts.contentKey);
  });

  it('the base images are read with the evaluated build args', async () => {
    const { facts } = await resolve({ APP_VERSION: '1.0.0', BASE_REGISTRY: 'registry.example' });
    expect(facts.baseImages).toEqual(['registry.example/golang:1.19']);
  });

  it('later stages take only the resolved type', () => {
    // Compiled, never run: each line is a type error as long as the stages take ResolvedOptions only.
    const typeChecks = (facts: ReleaseFacts): void => {
      // @ts-expect-error raw options cannot be planned without resolution
      planResolved(options, facts);
      // @ts-expect-error raw options cannot reach the facts (the content key would hash unevaluated values)
      void gatherFacts(options, facts.git, { name: 'app', root: '.' }, root, {}, run);
    };
    expect(typeof typeChecks).toBe('function');
  });

  it('the uncommitted files reported are the ones the build reads: modified tracked and untracked not ignored', async () => {
    const status: Runner = (file, args) =>
      Promise.resolve(
        file === 'git' && args[0] === 'status' && args.includes('--untracked-files=all')
          ? { exitCode: 0, stdout: ' M main.go\0?? notes.txt\0?? Dockerfile\0', stderr: '' }
          : { exitCode: 128, stdout: '', stderr: '' },
      );
    const { facts } = await resolveRelease(options, { name: 'app', root: '.' }, root, { ...CI, APP_VERSION: '1' }, status);
    expect(facts.changedFiles).toEqual(['main.go', 'Dockerfile']);
  });

  it('a whole-context copy that would take .git and node_modules into the image is warned about, naming them', async () => {
    writeFileSync(join(root, 'Dockerfile'), 'FROM scratch\nCOPY . /src\n');
    mkdirSync(join(root, '.git'));
    mkdirSync(join(root, 'node_modules'));
    const { facts } = await resolve({ APP_VERSION: '1' });
    expect(facts.warnings).toEqual([expect.stringMatching(/^context: the build copies the whole context .* and no \.dockerignore keeps out \.git, node_modules: /)]);
    writeFileSync(join(root, '.dockerignore'), '.git\nnode_modules\n');
    expect((await resolve({ APP_VERSION: '1' })).facts.warnings).toBeUndefined();
  });

  it('a RUN step of a built stage for a platform the engine cannot run is one warning naming the Dockerfile, stage, platform and fix', async () => {
    writeFileSync(join(root, 'Dockerfile'), 'FROM 127.0.0.1:5000/golang:1.19 AS build\nCOPY main.go /src/\nRUN ["go", "build"]\nFROM scratch\nCOPY --from=build /src/main.go /\n');
    const emulated = await resolveRelease({ ...options, platforms: ['linux/s390x'] }, { name: 'app', root: '.' }, root, { ...CI, APP_VERSION: '1' }, run);
    expect(emulated.facts.hostPlatform).toMatch(/^linux\//);
    expect(emulated.facts.warnings).toEqual([
      expect.stringMatching(/^platforms: Dockerfile:1 stage build runs 1 RUN step\(s\) for linux\/s390x under emulation \(QEMU\) on this linux\/\S+ host, .*FROM --platform=\$BUILDPLATFORM/),
    ]);
    writeFileSync(
      join(root, 'Dockerfile'),
      'FROM --platform=$BUILDPLATFORM 127.0.0.1:5000/golang:1.19 AS build\nCOPY main.go /src/\nRUN ["go", "build"]\nFROM scratch\nCOPY --from=build /src/main.go /\n',
    );
    expect((await resolveRelease({ ...options, platforms: ['linux/s390x'] }, { name: 'app', root: '.' }, root, { ...CI, APP_VERSION: '1' }, run)).facts.warnings).toBeUndefined();
    // A remote engine's platform is not known without asking it: no guess.
    const remote = await resolveRelease({ ...options, platforms: ['linux/s390x'], dockerHost: 'tcp://10.0.0.1:2376' }, { name: 'app', root: '.' }, root, { ...CI, APP_VERSION: '1' }, run);
    expect(remote.facts.warnings).toBeUndefined();
  });
});

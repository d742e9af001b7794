import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const WORKSPACE_ROOT = resolve(__dirname, '../../../..');

export interface TempWorkspace {
  root: string;
  git(...args: string[]): string;
  write(path: string, content: string): void;
  commit(message: string): string;
  /** Runs nx (the real CLI, the real executor, real processes) and returns its combined output. */
  nx(args: string[], env?: Record<string, string>): { status: number; output: string };
  /** Same as nx(), without blocking this process (for servers that live in the test process). */
  nxAsync(args: string[], env?: Record<string, string>): Promise<{ status: number; output: string }>;
  remove(): void;
}

/**
 * A copy of this workspace's files (tracked and new, not ignored) in a fresh git repository,
 * sharing node_modules through a symlink. Tests commit and tag there freely.
 */
export function createTempWorkspace(): TempWorkspace {
  const root = mkdtempSync(join(tmpdir(), 'e2e-ws-'));
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: WORKSPACE_ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f && !f.startsWith('node_modules/'));
  for (const file of files) {
    const target = join(root, file);
    mkdirSync(dirname(target), { recursive: true });
    try {
      cpSync(join(WORKSPACE_ROOT, file), target);
    } catch {
      // deleted in the working tree but still tracked
    }
  }
  linkDependencies(root);
  const git = (...args: string[]): string =>
    execFileSync('git', args, {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, GIT_AUTHOR_NAME: 'e2e', GIT_AUTHOR_EMAIL: 'e2e@example.com', GIT_COMMITTER_NAME: 'e2e', GIT_COMMITTER_EMAIL: 'e2e@example.com' },
    }).trim();
  git('init', '--quiet', '--initial-branch=main');
  git('remote', 'add', 'origin', 'https://github.com/kyma-project/kyma-companion.git');
  git('add', '-A');
  git('commit', '--quiet', '-m', 'initial');
  return workspaceAt(root, git);
}

/**
 * What a fresh CI checkout of `ws` is: a new `git clone` (no .nx, no dist, no caches), sharing
 * only node_modules (installing dependencies is not what is measured).
 */
export function cloneWorkspace(ws: TempWorkspace): TempWorkspace {
  const root = mkdtempSync(join(tmpdir(), 'e2e-clone-'));
  execFileSync('git', ['clone', '--quiet', ws.root, root]);
  linkDependencies(root);
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
  return workspaceAt(root, git);
}

function linkDependencies(root: string): void {
  // A clone may hold the links already (a committed symlink is just a file to git).
  if (!existsSync(join(root, 'node_modules'))) symlinkSync(join(WORKSPACE_ROOT, 'node_modules'), join(root, 'node_modules'));
  // npm nests a package's own versions of a dependency when they differ from the hoisted one.
  for (const pkg of readdirSync(join(WORKSPACE_ROOT, 'packages'))) {
    const nested = join(WORKSPACE_ROOT, 'packages', pkg, 'node_modules');
    if (existsSync(nested) && existsSync(join(root, 'packages', pkg)) && !existsSync(join(root, 'packages', pkg, 'node_modules'))) symlinkSync(nested, join(root, 'packages', pkg, 'node_modules'));
  }
}

/** The helpers of a workspace at `root` whose git runs as `git`. */
export function workspaceAt(root: string, git: (...args: string[]) => string): TempWorkspace {
  return {
    root,
    git,
    write(path, content) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    },
    commit(message) {
      git('add', '-A');
      git('commit', '--quiet', '-m', message);
      return git('rev-parse', 'HEAD');
    },
    nx(args, env = {}) {
      const res = spawnSync(join(root, 'node_modules/.bin/nx'), args, {
        cwd: root,
        encoding: 'utf8',
        env: ciEnv({ ...env }),
        timeout: 240000,
      });
      return { status: res.status ?? 1, output: `${res.stdout ?? ''}${res.stderr ?? ''}` };
    },
    nxAsync(args, env = {}) {
      return new Promise((resolvePromise) => {
        const child = spawn(join(root, 'node_modules/.bin/nx'), args, { cwd: root, env: ciEnv({ ...env }) });
        let output = '';
        child.stdout.on('data', (d: Buffer) => (output += d.toString()));
        child.stderr.on('data', (d: Buffer) => (output += d.toString()));
        child.on('close', (code) => resolvePromise({ status: code ?? 1, output }));
      });
    },
    remove() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The environment nx runs with in e2e: no daemon, no TUI, no CI provider leaking in. */
export function ciEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true', NX_SKIP_NX_CACHE: 'true', FORCE_COLOR: '0' };
  for (const key of Object.keys(env)) {
    if (key.startsWith('GITHUB_') || key.startsWith('GITLAB') || key.startsWith('CI_')) delete env[key];
  }
  return { ...env, ...extra };
}

/** e2e tests need a Docker engine with buildx; without one they fail, they never skip. */
export function requireDocker(): void {
  const res = spawnSync('docker', ['buildx', 'version'], { encoding: 'utf8' });
  const info = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8' });
  if (res.status !== 0 || info.status !== 0 || !info.stdout.trim()) {
    throw new Error(`e2e needs a running Docker engine with buildx (run .ci/run or tools/setup.sh): ${res.stderr}${info.stderr}`);
  }
}

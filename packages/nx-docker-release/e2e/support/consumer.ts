import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ciEnv, WORKSPACE_ROOT, workspaceAt, type TempWorkspace } from './workspace';

/**
 * A workspace of someone else: only nx and the packed plugin (built with @nx/js:tsc, packed as
 * npm publishes it, installed from the tarball as the README says), `files` written and
 * committed on main. Its node_modules is its own: the plugin runs compiled, no TypeScript there.
 */
export function createConsumerWorkspace(files: Record<string, string>): TempWorkspace {
  const env = ciEnv({});
  // The README's install: `npm run pack` prints the tarball, the workspace keeps it under vendor/.
  const tarball = execFileSync('npm', ['run', '--silent', 'pack'], { cwd: WORKSPACE_ROOT, env, encoding: 'utf8' }).trim().split('\n').pop()!;
  if (!/\/dist\/nx-docker-release-[\d.]+\.tgz$/.test(tarball)) throw new Error(`npm run pack printed no tarball: ${tarball}`);
  const root = mkdtempSync(join(tmpdir(), 'e2e-consumer-'));
  const git = (...args: string[]): string => execFileSync('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.com', ...args], { cwd: root, encoding: 'utf8' }).trim();
  const ws = workspaceAt(root, git);
  mkdirSync(join(root, 'vendor'));
  copyFileSync(tarball, join(root, 'vendor', basename(tarball)));
  const nxVersion = (JSON.parse(readFileSync(join(WORKSPACE_ROOT, 'node_modules/nx/package.json'), 'utf8')) as { version: string }).version;
  ws.write('package.json', JSON.stringify({ name: 'consumer', private: true, devDependencies: { nx: nxVersion, 'nx-docker-release': `file:vendor/${basename(tarball)}` } }));
  ws.write('.gitignore', 'node_modules\n.nx\ndist\n');
  for (const [path, content] of Object.entries(files)) ws.write(path, content);
  // What CI does with the committed lock file: npm ci.
  execFileSync('npm', ['install', '--package-lock-only', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: root, env, stdio: 'pipe' });
  execFileSync('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: root, env, stdio: 'pipe' });
  git('init', '-q', '--initial-branch=main');
  ws.commit('init');
  return ws;
}

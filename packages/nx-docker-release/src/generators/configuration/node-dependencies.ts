import { joinPathFragments, type Tree } from '@nx/devkit';

/** What the Node template needs to know: can the production dependencies be installed on the build machine's platform for any target? */
export type NodeDependencies = { kind: 'plain'; none?: true } | { kind: 'native'; names: string[] } | { kind: 'unknown' };

interface LockEntry {
  dev?: boolean;
  hasInstallScript?: boolean;
  os?: string[];
  cpu?: string[];
}

/**
 * Plain JavaScript dependencies install the same on every platform, so the template installs them
 * once on the build platform. A package with an install script (node-gyp, a postinstall that
 * fetches a binary) or one published per os/cpu (esbuild's, sharp's) must be installed for the
 * target. Read from package-lock.json (v2/v3 `packages`): the project's, else the workspace's (all
 * of its production packages: conservative). No lockfile and no dependencies: plain.
 */
export function nodeDependencies(tree: Tree, root: string): NodeDependencies {
  const lock = [joinPathFragments(root, 'package-lock.json'), 'package-lock.json'].map((p) => readJson(tree, p)).find((j) => j !== undefined);
  const packages = lock?.['packages'];
  if (packages === undefined || typeof packages !== 'object' || packages === null) {
    const pkg = readJson(tree, joinPathFragments(root, 'package.json'));
    const deps = pkg?.['dependencies'];
    return typeof deps === 'object' && deps !== null && Object.keys(deps).length > 0 ? { kind: 'unknown' } : { kind: 'plain', none: true };
  }
  const names = Object.entries(packages as Record<string, LockEntry>)
    .filter(([path, entry]) => path !== '' && !entry.dev && (entry.hasInstallScript || entry.os?.length || entry.cpu?.length))
    .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
  return names.length ? { kind: 'native', names: [...new Set(names)].sort() } : { kind: 'plain' };
}

/** The deps stage's `--platform` and the comment that says why. */
export function depsStage(deps: NodeDependencies): { depsPlatform: string; depsNote: string } {
  if (deps.kind === 'plain') {
    return {
      depsPlatform: '--platform=$BUILDPLATFORM ',
      depsNote: [
        deps.none
          ? "# The project has no production dependencies yet: they are installed once, on the build machine's platform,"
          : '# The production dependencies are plain JavaScript (package-lock.json has no install script and no',
        deps.none ? '# and copied into' : "# per-platform package), so they are installed once, on the build machine's platform, and copied into",
        "# every target platform's image: no emulation. Once a dependency has native code (node-gyp, prebuilt",
        '# binaries such as sharp or esbuild), drop --platform=$BUILDPLATFORM: it must be installed for the target.',
      ].join('\n'),
    };
  }
  const listed = deps.kind === 'native' ? `${deps.names.slice(0, 5).join(', ')}${deps.names.length > 5 ? ` and ${deps.names.length - 5} more` : ''}` : '';
  const why =
    deps.kind === 'native'
      ? `${listed} ${deps.names.length === 1 ? 'has' : 'have'} native code (an install script or a per-platform package)`
      : 'there is no package-lock.json to tell whether a dependency has native code';
  return {
    depsPlatform: '',
    depsNote: [
      `# The dependencies are installed for the target platform: ${why}.`,
      '# For a foreign platform that RUN step runs under QEMU emulation (slow); native runners avoid it',
      '# (nx g nx-docker-release:ci-workflow --nativeRunners). docs/cross-compile.md explains it.',
    ].join('\n'),
  };
}

function readJson(tree: Tree, path: string): Record<string, unknown> | undefined {
  const text = tree.read(path, 'utf-8');
  if (text === null) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

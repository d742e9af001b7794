import type { Runner } from '../release/runner';
import type { CacheBuilder } from '../release/types';

/**
 * What the plan needs to know before a build that exports a layer cache: the buildx builder's
 * driver (`docker buildx inspect`, the one --builder names or the current one, BUILDX_BUILDER
 * included) and, for the docker driver, whether the engine keeps images in the containerd image
 * store (`docker info`: DriverStatus names io.containerd.snapshotter.v1). The docker driver on
 * the classic store refuses cache export ("Cache export is not supported for the docker driver").
 * Both calls run side by side, only when there is a cacheTo (~0.1 s).
 */
export async function cacheBuilder(docker: string, buildxBuilder: string | undefined, env: Record<string, string | undefined>, run: Runner): Promise<CacheBuilder> {
  const [inspect, info] = await Promise.all([
    run(docker, ['buildx', 'inspect', ...(buildxBuilder ? [`--builder=${buildxBuilder}`] : [])], { env }),
    run(docker, ['info', '--format={{json .DriverStatus}}'], { env }),
  ]);
  const name = /^Name:\s*(\S+)/m.exec(inspect.stdout)?.[1] ?? buildxBuilder ?? 'default';
  const driver = /^Driver:\s*(\S+)/m.exec(inspect.stdout)?.[1];
  if (inspect.exitCode !== 0 || driver === undefined) return { name, unreadable: firstLine(inspect.stderr || inspect.stdout) || `docker buildx inspect exited ${inspect.exitCode}` };
  if (driver !== 'docker') return { name, driver };
  if (info.exitCode !== 0) return { name, driver, unreadable: firstLine(info.stderr) || `docker info exited ${info.exitCode}` };
  return { name, driver, containerdStore: info.stdout.includes('io.containerd.snapshotter') };
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

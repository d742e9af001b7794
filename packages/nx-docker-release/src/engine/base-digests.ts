import type { Runner } from '../release/runner';

/**
 * The registry digests of the base images the engine built on, as `docker image inspect` knows
 * them (RepoDigests: set by a pull, absent for an image only built or loaded here). A base the
 * engine does not hold, or holds without a digest, is left out: provenance then names it by
 * reference only.
 */
export async function baseImageDigests(bases: readonly string[], deps: { run: Runner; docker: string; env: Record<string, string | undefined>; cwd: string }): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  await Promise.all(
    bases.map(async (base) => {
      const res = await deps.run(deps.docker, ['image', 'inspect', '--format={{json .RepoDigests}}', base], { env: deps.env, cwd: deps.cwd });
      if (res.exitCode !== 0) return;
      let digests: unknown;
      try {
        digests = JSON.parse(res.stdout);
      } catch {
        return;
      }
      const repository = base.replace(/@sha256:[0-9a-f]{64}$/, '').replace(/:[^:/]+$/, '');
      const match = Array.isArray(digests) ? digests.find((d): d is string => typeof d === 'string' && d.startsWith(`${repository}@sha256:`)) : undefined;
      if (match) found[base] = match.slice(match.indexOf('@') + 1);
    }),
  );
  return found;
}

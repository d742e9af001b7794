import { ReleaseError } from '../release/release-error';
import type { AppliedRelease } from '../release/result';
import type { ReleasePlan } from '../release/types';
import { openSession, stepsOf, type ApplyDeps } from './apply-session';
import { pushWithDocker } from './docker-push';
import { publishOverRegistry } from './publish-release';
import { RegistryAuthError } from './registry-client';
import { publishClients, type PublishClients } from './registry-clients';
import { isTransient } from './retry';
import { signImages } from './sign';
import { sweepStaleRuns } from './stale-runs';

/**
 * Applies a plan, straight through: resolve the registry clients, publish (over the registry API,
 * or with docker push), then sign what was pushed. A private temp dir holds any login and the
 * scratch files, removed whatever happens.
 */
export async function applyPlan(plan: ReleasePlan, deps: ApplyDeps): Promise<AppliedRelease> {
  await sweepStaleRuns(deps);
  const s = openSession(plan, deps);
  const [publish] = stepsOf(plan, 'publish');
  const [signing] = stepsOf(plan, 'sign');
  try {
    const registry: PublishClients | undefined = publish ? await publishClients(publish, s) : undefined;
    const published = publish && registry ? await publishOverRegistry(plan, publish, registry.clients, s) : await pushWithDocker(plan, s);
    // A cache import that failed left the build uncached but green: said once more, and in the result.
    for (const warning of s.cacheWarnings) s.log.warn(s.log.redact(warning));
    const applied = s.cacheWarnings.length ? { ...published, warnings: s.cacheWarnings.map((w) => s.log.redact(w)) } : published;
    // Nothing pushed, nothing to sign; a failed tag still leaves a digest worth signing.
    if (!signing || !applied.digest) return applied;
    const signatures = await signImages(signing, applied.digest, {
      run: s.run,
      env: s.env,
      childEnv: s.childEnv,
      cwd: s.cwd,
      log: s.log,
      scratch: s.scratch,
      ...(registry ? { client: registry.clients } : {}),
      auths: registry?.auths ?? new Map(),
    });
    return { ...applied, signatures };
  } catch (err) {
    if (err instanceof RegistryAuthError) throw new ReleaseError(s.log.redact(err.message));
    // Retries used up (a registry down, refusing connections): one line, not a stack trace.
    if (isTransient(err)) throw new ReleaseError(`registry: ${s.log.redact(err.message)} (gave up after ${publish?.retry.attempts ?? 1} attempts)`);
    throw err;
  } finally {
    s.close();
  }
}

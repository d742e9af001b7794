import { resolveBaseDigests, type BaseReadDeps } from '../../engine/base-digests';
import { RegistryAuthError } from '../../engine/registry-client';
import { loginCredentials } from '../../engine/registry-clients';
import { withBaseDigests } from '../../facts/content-key';
import type { Logger } from '../../log/redacting-logger';
import { loginEntries } from '../../release/logins';
import { ReleaseError } from '../../release/release-error';
import type { ResolvedOptions } from '../../release/resolve-options';
import type { Runner } from '../../release/runner';
import type { ReleaseFacts } from '../../release/types';

/**
 * The last fact, read once the plan is known to be valid: each base image's digest as its registry
 * resolves it now, folded into the content key. A registry refusing the release's credentials
 * stops a real run in one line (the build would fail the same way, later); a dry run warns.
 */
export async function withBaseFacts(
  options: ResolvedOptions,
  facts: ReleaseFacts,
  deps: { env: Record<string, string | undefined>; run: Runner; log: Logger; client?: BaseReadDeps['client'] },
): Promise<ReleaseFacts> {
  const bases = facts.baseImages ?? [];
  if (bases.length === 0 || facts.contentKey === undefined) return facts;
  // A dry run may lack a password variable: that registry is read as the docker config allows.
  const entries = loginEntries(options.login, options.images).filter((l) => deps.env[l.passwordEnv]);
  const logins = loginCredentials({ credentials: entries }, deps.env, deps.log);
  const childEnv = { ...deps.env };
  for (const l of entries) delete childEnv[l.passwordEnv];
  try {
    const digests = await resolveBaseDigests(bases, { run: deps.run, env: childEnv, log: deps.log, logins, client: deps.client });
    const unreadable = digests.flatMap((d) =>
      'unreadable' in d ? [`base image ${d.image} could not be read (${d.unreadable}): the content key cannot tell a moved tag; the build reads it itself`] : [],
    );
    return { ...facts, contentKey: withBaseDigests(facts.contentKey, digests), baseDigests: digests, warnings: [...(facts.warnings ?? []), ...unreadable] };
  } catch (err) {
    if (!(err instanceof RegistryAuthError)) throw err;
    if (!options.dryRun) throw new ReleaseError(deps.log.redact(err.message));
    return { ...facts, warnings: [...(facts.warnings ?? []), deps.log.redact(err.message)] };
  }
}

import { ManifestDigestError, RegistryAuthError, type Credentials } from '../../engine/registry-client';
import { createLogger } from '../../log/redacting-logger';
import { ReleaseError } from '../../release/release-error';
import type { ResolvedOptions } from '../../release/resolve-options';
import type { Runner } from '../../release/runner';
import type { ReleaseFacts } from '../../release/types';
import { MemoryRegistry } from '../../../spec-support/memory-registry';
import { withBaseFacts } from './base-facts';

const BASE = 'registry.team.example/toolchain/golang:1.19';
// No docker config helper is ever asked: each registry here has a login.
const run: Runner = () => Promise.reject(new Error('no process expected'));
const options = (extra: Partial<ResolvedOptions> = {}): ResolvedOptions =>
  ({
    images: ['registry.team.example/app'],
    login: [{ registry: 'registry.team.example', usernameEnv: 'TEAM_USER', passwordEnv: 'TEAM_PASSWORD' }],
    ...extra,
  }) as unknown as ResolvedOptions;
const facts = (): ReleaseFacts => ({ contentKey: 'sha256:inputs', baseImages: [BASE] }) as ReleaseFacts;
const env = { TEAM_USER: 'ci', TEAM_PASSWORD: 'pa55-w0rd' };

/** A registry that checks the credentials it is given, as a real one would. */
function registry(holds: MemoryRegistry, seen: (Credentials | undefined)[]) {
  return (_host: string, credentials: Credentials | undefined) => {
    seen.push(credentials);
    return holds;
  };
}

describe('withBaseFacts: the base image digests enter the content key', () => {
  it('a base tag moved to another image gives another key; the same tag the same key', async () => {
    const holds = new MemoryRegistry();
    holds.seedImage('toolchain/golang', '1.19', { patch: '1' });
    const seen: (Credentials | undefined)[] = [];
    const deps = { env, run, log: createLogger(() => undefined), client: registry(holds, seen) };
    const first = await withBaseFacts(options(), facts(), deps);
    const again = await withBaseFacts(options(), facts(), deps);
    holds.seedImage('toolchain/golang', '1.19', { patch: '2' });
    const moved = await withBaseFacts(options(), facts(), deps);

    expect(first.contentKey).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(first.contentKey).not.toBe('sha256:inputs');
    expect(again.contentKey).toBe(first.contentKey);
    expect(moved.contentKey).not.toBe(first.contentKey);
    expect(first.baseDigests).toEqual([{ image: BASE, digest: expect.stringMatching(/^sha256:/) }]);
    expect(seen[0]).toMatchObject({ username: 'ci', password: 'pa55-w0rd' });
  });

  it('a base the registry does not hold is a warning naming it, and the key is still made', async () => {
    const deps = { env, run, log: createLogger(() => undefined), client: registry(new MemoryRegistry(), []) };
    const out = await withBaseFacts(options(), facts(), deps);
    expect(out.warnings).toEqual([expect.stringContaining(`base image ${BASE} could not be read (the registry does not hold it)`)]);
    expect(out.contentKey).not.toBe('sha256:inputs');
  });

  it('a refusing registry is one ReleaseError naming the image, with no password in it; a dry run warns', async () => {
    const refusing = new MemoryRegistry();
    refusing.getManifest = () => Promise.reject(new RegistryAuthError('registry.team.example refused the credentials of TEAM_USER/TEAM_PASSWORD (pa55-w0rd)'));
    const log = createLogger(() => undefined);
    log.addSecret('pa55-w0rd');
    const deps = { env, run, log, client: registry(refusing, []) };
    const err = await withBaseFacts(options(), facts(), deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReleaseError);
    expect((err as Error).message).toMatch(new RegExp(`^base image ${BASE.replace(/[.]/g, '\\.')}: registry\\.team\\.example refused the credentials of TEAM_USER/TEAM_PASSWORD`));
    expect((err as Error).message).not.toContain('pa55-w0rd');
    expect((err as Error).message).not.toContain('\n');

    const dry = await withBaseFacts(options({ dryRun: true }), facts(), deps);
    expect(dry.warnings?.[0]).toMatch(/^base image .*refused/);
    expect(dry.contentKey).toBe('sha256:inputs');
  });

  it('a registry whose digest header names other bytes stops the run in one line naming the base, dry run or not', async () => {
    const lying = new MemoryRegistry();
    lying.getManifest = () =>
      Promise.reject(new ManifestDigestError('registry registry.team.example: toolchain/golang:1.19 was answered with a manifest whose bytes hash to sha256:aa, not sha256:ff; not trusted'));
    const deps = { env, run, log: createLogger(() => undefined), client: registry(lying, []) };
    for (const dryRun of [false, true]) {
      const err = await withBaseFacts(options({ dryRun }), facts(), deps).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ReleaseError);
      expect((err as Error).message).toBe(
        `base image ${BASE}: registry registry.team.example: toolchain/golang:1.19 was answered with a manifest whose bytes hash to sha256:aa, not sha256:ff; not trusted`,
      );
    }
  });

  it('a digest-pinned base is its own digest, with no request', async () => {
    const pinned = `${BASE}@sha256:${'a'.repeat(64)}`;
    const holds = new MemoryRegistry();
    const deps = { env, run, log: createLogger(() => undefined), client: registry(holds, []) };
    const out = await withBaseFacts(options(), { ...facts(), baseImages: [pinned] }, deps);
    expect(out.baseDigests).toEqual([{ image: pinned, digest: `sha256:${'a'.repeat(64)}` }]);
    expect(holds.reads).toEqual([]);
  });
});

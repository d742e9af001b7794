import type { PublishStep } from '../src/release/types';

/** A publish step for engine specs: one platform, no retries worth waiting for; override what the spec is about. */
export function publishStep(extra: Partial<PublishStep> = {}): PublishStep {
  return {
    kind: 'publish',
    via: 'relay',
    baseImages: [],
    platform: 'linux/amd64',
    targets: [],
    primaryTag: 'sha-aaaaaaa',
    promote: true,
    skipUnchanged: false,
    immutableTags: false,
    rewindFloatingTags: false,
    annotations: {},
    credentials: [],
    retry: { attempts: 1, minDelayMs: 1, maxDelayMs: 1 },
    ...extra,
  } as PublishStep;
}

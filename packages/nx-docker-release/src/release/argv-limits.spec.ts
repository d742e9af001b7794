import type { DockerReleaseOptions } from './options';
import { MAX_COMMAND_BYTES, MAX_VALUE_BYTES } from './argv-limits';
import { planRelease } from './plan';
import { ReleaseError } from './release-error';
import type { ReleaseFacts } from './types';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const OPTIONS: DockerReleaseOptions = { images: ['ghcr.io/acme/app'], tags: ['type=sha'], pushMode: 'docker' };
const FACTS: ReleaseFacts = {
  projectName: 'app',
  projectRoot: 'apps/app',
  git: { provider: 'git', eventName: 'push', ref: 'refs/heads/main', sha: SHA, commitDate: '2026-11-20T10:00:00Z', payload: {}, repo: { name: 'app' }, tagsAtCommit: [] },
  envPresent: new Set(),
  metadataEnv: {},
  contextIsDirectory: true,
  dockerfileExists: true,
  buildxAvailable: true,
  now: new Date('2026-11-25T00:00:00Z'),
};
const plan = (options: Partial<DockerReleaseOptions>) => () => planRelease({ ...OPTIONS, ...options }, FACTS);

describe('command line limits, checked when planning (no spawn E2BIG)', () => {
  it('a label, annotation or build arg value over 64 KiB is one line naming it', () => {
    const big = 'x'.repeat(200 * 1024);
    expect(plan({ labels: [`org.example.notes=${big}`] })).toThrow(
      new ReleaseError(`labels: the value of org.example.notes is ${200 * 1024} bytes, over the limit of ${MAX_VALUE_BYTES} bytes for one value (the command line of a build has to hold it)`),
    );
    expect(plan({ buildArgs: { NOTES: big } })).toThrow(/^buildArgs: the value of NOTES is 204800 bytes, over the limit of 65536 bytes/);
    expect(plan({ annotations: [`org.example.notes=${big}`] })).toThrow(/^annotations: the value of org.example.notes is 204800 bytes/);
    // Bytes, not characters: 'é' is two.
    expect(plan({ labels: [`a=${'é'.repeat(MAX_VALUE_BYTES / 2 + 1)}`] })).toThrow(/^labels: the value of a is 65538 bytes/);
    expect(plan({ labels: [`a=${'x'.repeat(MAX_VALUE_BYTES)}`] })).not.toThrow();
  });

  it('values each within the limit that add up past the command budget are one line too', () => {
    const many = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`ARG_${i}`, 'x'.repeat(MAX_VALUE_BYTES)]));
    expect(plan({ buildArgs: many })).toThrow(new RegExp(`^labels, annotations and buildArgs: the build command would be \\d+ bytes long, over the limit of ${MAX_COMMAND_BYTES} bytes`));
    // The registry path checks its fallback build command as well.
    expect(plan({ buildArgs: many, pushMode: 'registry' })).toThrow(/^labels, annotations and buildArgs: the build command would be/);
  });
});

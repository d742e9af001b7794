import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PublishStep } from '../release/types';
import { mergePlatformDigests, writePlatformDigests } from './platform-digests';
import type { Manifest, RegistryClient } from './registry-client';
import { publishStep } from '../../spec-support/publish-step';

const SHA = 'a'.repeat(40);
const digest = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** A registry holding one image manifest per architecture, each with its config. */
function registry(archs: string[]) {
  const manifests = new Map<string, Manifest>();
  const blobs = new Map<string, Buffer>();
  for (const arch of archs) {
    const config = Buffer.from(JSON.stringify({ os: 'linux', architecture: arch }));
    blobs.set(digest(config), config);
    const bytes = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { digest: digest(config) }, layers: [] }));
    manifests.set(digest(bytes), { digest: digest(bytes), mediaType: 'application/vnd.oci.image.manifest.v1+json', bytes });
  }
  const client = {
    getManifest: async (_repo: string, ref: string) => manifests.get(ref) ?? null,
    putManifest: async () => '',
    getBlob: async (_repo: string, d: string) => blobs.get(d) ?? Buffer.alloc(0),
  } as unknown as RegistryClient;
  return { client, manifests: [...manifests.values()] };
}

function step(dir: string, platforms?: string[]): PublishStep {
  return publishStep({ platforms, split: 'merge', digestsDir: dir });
}

describe('split releases: digest files and the merge', () => {
  const reg = registry(['amd64', 'arm64']);
  const entries = reg.manifests.map((m, i) => ({ mediaType: m.mediaType, digest: m.digest, size: m.bytes.length, platform: { os: 'linux', architecture: ['amd64', 'arm64'][i] } }));
  const targets = [{ repository: 'org/app', client: reg.client }];

  it("merges this commit's files into one index whose entries are the published manifests", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'digests-'));
    writePlatformDigests(dir, [entries[1]], { project: 'app', sha: SHA, image: 'r/org/app' });
    writePlatformDigests(dir, [entries[0]], { project: 'app', sha: SHA, image: 'r/org/app' });
    const { manifest } = await mergePlatformDigests(step(dir, ['linux/amd64', 'linux/arm64']), 'app', SHA, '/', targets);
    const index = JSON.parse(manifest.bytes.toString()) as { manifests: { digest: string; platform: { architecture: string } }[] };
    expect(index.manifests.map((m) => [m.platform.architecture, m.digest]).sort()).toEqual([
      ['amd64', entries[0].digest],
      ['arm64', entries[1].digest],
    ]);
  });

  it("refuses another commit's digests, a missing platform, and a file that lies about its platform", async () => {
    const stale = mkdtempSync(join(tmpdir(), 'digests-'));
    writePlatformDigests(stale, entries, { project: 'app', sha: 'b'.repeat(40), image: 'r/org/app' });
    await expect(mergePlatformDigests(step(stale), 'app', SHA, '/', targets)).rejects.toThrow(/^split: "merge" is for commit aaaaaaaaaaaa, but .* holds digests of bbbbbbbbbbbb$/);
    const partial = mkdtempSync(join(tmpdir(), 'digests-'));
    writePlatformDigests(partial, [entries[0]], { project: 'app', sha: SHA, image: 'r/org/app' });
    await expect(mergePlatformDigests(step(partial, ['linux/amd64', 'linux/arm64']), 'app', SHA, '/', targets)).rejects.toThrow(/no digest for linux\/arm64/);
    const lying = mkdtempSync(join(tmpdir(), 'digests-'));
    writePlatformDigests(lying, [{ ...entries[0], platform: { os: 'linux', architecture: 'arm64' } }], { project: 'app', sha: SHA, image: 'r/org/app' });
    await expect(mergePlatformDigests(step(lying), 'app', SHA, '/', targets)).rejects.toThrow(/is linux\/amd64, its digest file says linux\/arm64/);
    await expect(mergePlatformDigests(step(join(tmpdir(), 'no-such-digests')), 'app', SHA, '/', targets)).rejects.toThrow(/found no digest directory/);
  });
});

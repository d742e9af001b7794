import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ReleaseError } from '../release/release-error';
import type { PublishStep } from '../release/types';
import type { Manifest, RegistryApi } from './registry-client';
import { indexOver, platformName, platformOf, type IndexEntry } from './relay/image-index';

/** What a platform run of a split release leaves for the merge step: one file per platform. */
export interface PlatformDigest {
  project: string;
  /** The commit the image was built from: the merge refuses another commit's images. */
  sha: string;
  platform: string;
  image: string;
  digest: string;
  mediaType: string;
  size: number;
}

export function writePlatformDigests(dir: string, entries: IndexEntry[], base: { project: string; sha: string; image: string }): string[] {
  mkdirSync(dir, { recursive: true });
  return entries.map((entry) => {
    const platform = platformName(entry.platform);
    // Named by project too: several projects' files may share one directory (one CI artifact).
    const file = join(dir, `${base.project}.${platform.replace(/\//g, '-')}.json`);
    const record: PlatformDigest = { ...base, platform, digest: entry.digest, mediaType: entry.mediaType, size: entry.size };
    writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
    return file;
  });
}

type Target = { repository: string; client: RegistryApi };

/**
 * The merge step: reads this commit's digest files, fetches each platform's manifest from the
 * registry by digest (the stored bytes, never re-serialised), makes sure every target holds it,
 * checks its config names the platform the file claims, and returns the index over them. A child
 * that is itself an index (an engine that adds attestations) contributes all its entries, the
 * `unknown/unknown` attestation entries included.
 */
export async function mergePlatformDigests(publish: PublishStep, project: string, sha: string, root: string, targets: Target[]): Promise<{ manifest: Manifest; platforms: string[] }> {
  const dir = resolve(root, publish.digestsDir ?? '');
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch {
    throw new ReleaseError(`split: "merge" found no digest directory ${publish.digestsDir} (the platform runs write it; download their artifacts there)`);
  }
  const records = files.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as PlatformDigest).filter((r) => r.project === project);
  const stale = records.filter((r) => r.sha !== sha);
  if (stale.length)
    throw new ReleaseError(`split: "merge" is for commit ${sha.slice(0, 12)}, but ${publish.digestsDir} holds digests of ${[...new Set(stale.map((r) => r.sha.slice(0, 12)))].join(', ')}`);
  const wanted = publish.platforms ?? records.map((r) => r.platform);
  const missing = wanted.filter((p) => !records.some((r) => samePlatform(r.platform, p)));
  if (missing.length || records.length === 0) throw new ReleaseError(`split: "merge" has no digest for ${missing.join(', ') || 'any platform'} of ${project} in ${publish.digestsDir}`);
  const [first] = targets;
  const entries: IndexEntry[] = [];
  for (const record of records.filter((r) => wanted.some((p) => samePlatform(r.platform, p)))) {
    const child = await first.client.getManifest(first.repository, record.digest);
    if (!child || child.digest !== record.digest) throw new ReleaseError(`split: ${first.repository}@${record.digest} (${record.platform}) is not in the registry`);
    for (const t of targets.slice(1)) if (!(await t.client.getManifest(t.repository, child.digest))) await t.client.putManifest(t.repository, child.digest, child);
    const body = JSON.parse(child.bytes.toString('utf8')) as { manifests?: IndexEntry[] };
    if (body.manifests) {
      entries.push(...body.manifests);
      continue;
    }
    const platform = await platformOf(child, (digest) => first.client.getBlob(first.repository, digest));
    if (platformName(platform) !== record.platform) throw new ReleaseError(`split: ${record.digest} is ${platformName(platform)}, its digest file says ${record.platform}`);
    entries.push({ mediaType: child.mediaType, digest: child.digest, size: child.bytes.length, platform });
  }
  return { manifest: indexOver(entries, publish), platforms: wanted };
}

/** linux/arm64 names linux/arm64/v8 too (a variant only distinguishes when both sides give one). */
function samePlatform(a: string, b: string): boolean {
  const [os1, arch1, variant1] = a.split('/');
  const [os2, arch2, variant2] = b.split('/');
  return os1 === os2 && arch1 === arch2 && (!variant1 || !variant2 || variant1 === variant2);
}

import { fileRange } from '../blob-source';
import type { RegistryApi } from '../registry-client';
import type { UploadProgress } from '../upload-progress';
import type { LayerSource } from './base-layers';
import type { BlobClaim, BlobLedger } from './blob-ledger';

export interface RelayTarget {
  registry: string;
  repository: string;
  client: RegistryApi;
}

/** What reached the registries: blobs uploaded from the build, blobs already there, blobs mounted or copied. */
export interface RelayStats {
  uploaded: number;
  alreadyPresent: number;
  copied: number;
  /** Of `copied`: blobs another release on this machine had uploaded, mounted from its repository. */
  shared?: number;
}

/**
 * The registry side of the relay: makes a blob present in every target repository, with the
 * client's per-request retries. A blob a target lacks is taken, in this order, from another
 * repository of the same registry (mount, no bytes), from another registry (a streamed copy,
 * nothing compressed), or from the build (an upload of what BuildKit sent). Uploads go one at a
 * time per relay, as docker save uploads did (see docs/release-safety.md, "Parallel uploads").
 * With a ledger, a blob that is in no base image but that another release on this machine
 * uploaded (or is uploading: the ledger waits) is mounted from that repository instead.
 */
export class BlobRelay {
  readonly stats: RelayStats = { uploaded: 0, alreadyPresent: 0, copied: 0 };
  private readonly present = new Map<string, Promise<number | null>>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly claims = new Map<string, BlobClaim>();

  constructor(
    private readonly targets: RelayTarget[],
    private readonly sources: (digest: string) => Promise<LayerSource | undefined>,
    private readonly progress?: UploadProgress,
    private readonly ledger?: BlobLedger,
  ) {}

  /** Gives up the upload claims BuildKit never used (a failed or finished build). */
  settle(): void {
    for (const claim of this.claims.values()) claim.release();
    this.claims.clear();
  }

  /** The blob's size once every target holds it (found, mounted or copied), or null: it must be uploaded. */
  ensure(digest: string): Promise<number | null> {
    let pending = this.present.get(digest);
    if (!pending) {
      pending = this.ensureEverywhere(digest);
      this.present.set(digest, pending);
      pending.catch(() => this.present.delete(digest));
    }
    return pending;
  }

  /** Uploads a blob BuildKit sent (a finished upload session's file) to every target lacking it. */
  upload(digest: string, file: string, size: number): Promise<void> {
    const run = async (): Promise<void> => {
      let counted = false;
      let shared = false;
      for (const target of this.targets) {
        if (await target.client.hasBlob(target.repository, digest)) continue;
        // BuildKit may push a blob it has just compressed without asking first (no HEAD, so no
        // claim): if another release already put it in this registry, mount it from there. No
        // waiting here: this queue must never wait on a claim (two relays could wait on each other).
        const elsewhere = target === this.targets[0] && !this.claims.has(digest) ? this.ledger?.where(target.registry, digest) : undefined;
        if (elsewhere && elsewhere !== target.repository && (await target.client.mountBlob(target.repository, digest, elsewhere))) {
          shared = true;
          continue;
        }
        const blob = fileRange(file, 0, size);
        const tracked = this.progress?.track(digest, blob);
        await target.client.uploadBlob(target.repository, digest, tracked?.source ?? blob);
        tracked?.finished();
        counted = true;
      }
      if (counted) this.stats.uploaded++;
      else if (shared) {
        this.stats.copied++;
        this.stats.shared = (this.stats.shared ?? 0) + 1;
      } else this.stats.alreadyPresent++;
      const claim = this.claims.get(digest);
      const first = this.targets[0];
      if (claim) claim.release(first?.repository);
      else if (first && counted) this.ledger?.record(first.registry, digest, first.repository);
      this.claims.delete(digest);
      this.present.set(digest, Promise.resolve(size));
    };
    const next = this.queue.then(run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async ensureEverywhere(digest: string): Promise<number | null> {
    let size: number | null = null;
    let copied = false;
    for (const target of this.targets) {
      const held = await target.client.blobSize(target.repository, digest);
      if (held !== null) {
        size = held;
        continue;
      }
      const source = await this.sources(digest);
      if (!source) {
        const shared = target === this.targets[0] ? await this.fromLedger(target, digest) : null;
        if (shared === null) return null;
        size = shared;
        copied = true;
        this.stats.shared = (this.stats.shared ?? 0) + 1;
        continue;
      }
      const mounted = source.registry === target.registry && (await target.client.mountBlob(target.repository, digest, source.repository));
      if (!mounted) await this.copy(target, digest, source);
      size = source.size;
      copied = true;
    }
    if (copied) this.stats.copied++;
    else this.stats.alreadyPresent++;
    return size;
  }

  /** The blob mounted from where another release put it, or null: this release uploads it (holding the claim). */
  private async fromLedger(target: RelayTarget, digest: string): Promise<number | null> {
    if (!this.ledger) return null;
    // A record can be stale (a registry wiped, a port reused): forget it and claim the upload.
    for (let attempt = 0; attempt < 3; attempt++) {
      const answer = await this.ledger.claim(target.registry, digest);
      if (answer.kind === 'mine') {
        this.claims.get(digest)?.release();
        this.claims.set(digest, answer.claim);
        return null;
      }
      if (answer.repository !== target.repository && (await target.client.mountBlob(target.repository, digest, answer.repository))) {
        return target.client.blobSize(target.repository, digest);
      }
      this.ledger.forget(target.registry, digest, answer.repository);
    }
    return null;
  }

  private copy(target: RelayTarget, digest: string, source: LayerSource): Promise<void> {
    const next = this.queue.then(async () => {
      const blob = source.client.remoteBlob(source.repository, digest, source.size);
      const tracked = this.progress?.track(digest, blob, source.repository);
      await target.client.uploadBlob(target.repository, digest, tracked?.source ?? blob);
      tracked?.finished();
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
}

import { createHash } from 'node:crypto';
import { closeSync, lstatSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNoFollow } from '../no-follow';
import { identityAlive, processIdentity } from '../process-identity';
import { ownedDirectory, UnsafeDirectoryError } from '../owned-dir';

/** A claim on uploading one blob to one registry: settle it once, with where the blob now is (or not). */
export interface BlobClaim {
  release(repository?: string): void;
}

export type LedgerAnswer = { kind: 'mine'; claim: BlobClaim } | { kind: 'elsewhere'; repository: string };

const STALE_MS = 30 * 60 * 1000;

/**
 * Which repository of a registry already holds a blob, shared by the releases running on this
 * machine (the parallel tasks of one `nx affected`, or later runs): the first release that lacks
 * a blob claims its upload, the others wait for it and mount it from there, so a layer shared by
 * many services crosses the network once. Files under the OS temp directory, per user: a lock
 * per blob being uploaded (`<digest>.lock`, its owner's pid and start time), a record per blob uploaded
 * (`<digest>`, the repository). A record can be stale (a registry wiped, a port reused): a
 * failed mount simply uploads again.
 *
 * The directory must be this user's own (`ownedDirectory`): one another user made, or a link,
 * turns the ledger off for the run (`unusable` says why). Files are read and written without
 * following links; a lock names its owner (pid and start time) and is taken over when that process is gone
 * or the lock is older than any upload; a wait for another release's upload is bounded.
 */
export class BlobLedger {
  private checked = false;
  /** Why the ledger is off for this run (its directory is not this user's private one), once known. */
  unusable?: string;

  constructor(
    private readonly root = join(tmpdir(), `nx-docker-release-blobs-${process.getuid?.() ?? 'user'}`),
    private readonly pollMs = 100,
    private readonly waitMs = 10 * 60 * 1000,
  ) {}

  /** The repository a release on this machine put the blob in, if any. */
  where(registry: string, digest: string): string | undefined {
    const path = this.path(registry, digest);
    if (!path) return undefined;
    return readNoFollow(path)?.trim() || undefined;
  }

  /** Notes where a blob went (an upload nobody claimed: BuildKit pushed without asking first). */
  record(registry: string, digest: string, repository: string): void {
    const path = this.path(registry, digest);
    if (!path) return;
    // A new file of this process only ('wx': an existing name, a link included, is never written through).
    const temp = `${path}.${process.pid}.${Date.now()}`;
    try {
      writeFileSync(temp, repository, { mode: 0o600, flag: 'wx' });
      renameSync(temp, path);
    } catch {
      rmSync(temp, { force: true });
    }
  }

  /** Drops a record that proved wrong (the repository does not hold the blob), unless another release already replaced it. */
  forget(registry: string, digest: string, repository: string): void {
    const path = this.path(registry, digest);
    if (path && this.where(registry, digest) === repository) rmSync(path, { force: true });
  }

  /** Claims the upload, or waits while another release holds the claim and then says where the blob went. */
  async claim(registry: string, digest: string): Promise<LedgerAnswer> {
    const record = this.path(registry, digest);
    if (!record) return { kind: 'mine', claim: { release: () => undefined } };
    const lock = `${record}.lock`;
    const deadline = Date.now() + this.waitMs;
    for (;;) {
      const known = this.where(registry, digest);
      if (known) return { kind: 'elsewhere', repository: known };
      if (this.tryLock(lock)) {
        let settled = false;
        return {
          kind: 'mine',
          claim: {
            release: (repository) => {
              if (settled) return;
              settled = true;
              if (repository) this.record(registry, digest, repository);
              rmSync(lock, { force: true });
            },
          },
        };
      }
      if (Date.now() > deadline) return { kind: 'mine', claim: { release: () => undefined } };
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
    }
  }

  private tryLock(lock: string): boolean {
    try {
      const fd = openSync(lock, 'wx', 0o600);
      writeFileSync(fd, processIdentity());
      closeSync(fd);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return false;
    }
    if (!this.isStale(lock)) return false;
    rmSync(lock, { force: true });
    return this.tryLock(lock);
  }

  /** A lock whose owner is gone (killed mid-upload) or that is older than any upload takes. */
  private isStale(lock: string): boolean {
    const owner = readNoFollow(lock);
    if (owner === undefined) return false;
    try {
      if (Date.now() - lstatSync(lock).mtimeMs > STALE_MS) return true;
      return !identityAlive(owner);
    } catch {
      return false;
    }
  }

  /** The record's path, in a directory checked once per run; undefined when the ledger is off. */
  private path(registry: string, digest: string): string | undefined {
    if (!this.checked) {
      this.checked = true;
      try {
        ownedDirectory(this.root);
      } catch (err) {
        if (!(err instanceof UnsafeDirectoryError)) throw err;
        this.unusable = err.message;
      }
    }
    if (this.unusable) return undefined;
    const dir = join(this.root, createHash('sha256').update(registry).digest('hex').slice(0, 16));
    try {
      ownedDirectory(dir);
    } catch {
      return undefined;
    }
    return join(dir, digest.replace(/[^a-z0-9]/gi, '_'));
  }
}

import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
 * per blob being uploaded (`<digest>.lock`, its owner's pid), a record per blob uploaded
 * (`<digest>`, the repository). A record can be stale (a registry wiped, a port reused): a
 * failed mount simply uploads again.
 */
export class BlobLedger {
  constructor(
    private readonly root = join(tmpdir(), `nx-docker-release-blobs-${process.getuid?.() ?? 'user'}`),
    private readonly pollMs = 100,
    private readonly waitMs = 10 * 60 * 1000,
  ) {}

  /** The repository a release on this machine put the blob in, if any. */
  where(registry: string, digest: string): string | undefined {
    try {
      return readFileSync(this.path(registry, digest), 'utf8').trim() || undefined;
    } catch {
      return undefined;
    }
  }

  /** Notes where a blob went (an upload nobody claimed: BuildKit pushed without asking first). */
  record(registry: string, digest: string, repository: string): void {
    const path = this.path(registry, digest);
    const temp = `${path}.${process.pid}`;
    writeFileSync(temp, repository, { mode: 0o600 });
    renameSync(temp, path);
  }

  /** Drops a record that proved wrong (the repository does not hold the blob), unless another release already replaced it. */
  forget(registry: string, digest: string, repository: string): void {
    if (this.where(registry, digest) === repository) rmSync(this.path(registry, digest), { force: true });
  }

  /** Claims the upload, or waits while another release holds the claim and then says where the blob went. */
  async claim(registry: string, digest: string): Promise<LedgerAnswer> {
    const record = this.path(registry, digest);
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
      writeFileSync(fd, String(process.pid));
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
    try {
      const pid = Number(readFileSync(lock, 'utf8'));
      if (Date.now() - statSync(lock).mtimeMs > STALE_MS) return true;
      if (!Number.isInteger(pid) || pid <= 0) return false; // being written
      process.kill(pid, 0);
      return false;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'ESRCH';
    }
  }

  private path(registry: string, digest: string): string {
    const dir = join(this.root, createHash('sha256').update(registry).digest('hex').slice(0, 16));
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return join(dir, digest.replace(/[^a-z0-9]/gi, '_'));
  }
}

import { Transform } from 'node:stream';
import type { BlobSource } from './blob-source';

const MB = 1024 * 1024;
const mb = (n: number): string => `${(n / MB).toFixed(1)} MB`;
const short = (digest: string): string => digest.replace(/^sha256:/, '').slice(0, 12);

/**
 * What a long upload says while it runs. In a terminal: one line at most every `intervalMs`
 * (bytes of the blob in flight, blobs done); in CI logs (no terminal, or CI set): one quiet line
 * per finished blob. Bytes are counted as the registry client streams them.
 */
export class UploadProgress {
  private done = 0;
  private doneBytes = 0;
  private lastLine = 0;

  constructor(
    private readonly print: (line: string) => void,
    private readonly mode: 'terminal' | 'lines',
    private readonly intervalMs = 2000,
    private readonly now: () => number = Date.now,
  ) {}

  static for(print: (line: string) => void, env: Record<string, string | undefined>, isTTY: boolean): UploadProgress {
    return new UploadProgress(print, isTTY && !env.CI ? 'terminal' : 'lines');
  }

  /**
   * Uploads `source` as `digest`: returns the source to hand the registry client, and a function
   * to call once the upload is done. `copiedFrom`: a base layer copied blob to blob from that
   * repository (said so, as the run's summary counts it).
   */
  track(digest: string, source: BlobSource, copiedFrom?: string): { source: BlobSource; finished: () => void } {
    const started = this.now();
    let sent = 0;
    const count = (n: number): void => {
      sent = Math.min(source.size, sent + n);
      if (this.mode === 'terminal' && this.now() - this.lastLine >= this.intervalMs) {
        this.lastLine = this.now();
        this.print(`upload: ${short(digest)} ${mb(sent)} of ${mb(source.size)}; ${this.done} blob(s), ${mb(this.doneBytes)} done`);
      }
    };
    return {
      source: counting(source, count),
      finished: () => {
        this.done++;
        this.doneBytes += source.size;
        const what = copiedFrom ? `copied ${short(digest)} from ${copiedFrom}` : `uploaded ${short(digest)}`;
        if (this.mode === 'lines') this.print(`${what} (${mb(source.size)}, ${((this.now() - started) / 1000).toFixed(1)} s)`);
      },
    };
  }

  /** The closing line of a terminal run (CI logs already have one line per blob). */
  summary(): void {
    if (this.mode === 'terminal' && this.done > 0) this.print(`upload: ${this.done} blob(s), ${mb(this.doneBytes)} done`);
  }
}

function counting(source: BlobSource, count: (n: number) => void): BlobSource {
  return {
    size: source.size,
    read: (offset, length) => source.read(offset, length),
    open: () =>
      source.open().pipe(
        new Transform({
          transform(chunk: Buffer, _encoding, next) {
            count(chunk.length);
            next(null, chunk);
          },
        }),
      ),
    ...(source.slice ? { slice: (start: number, end: number) => counting(source.slice!(start, end), count) } : {}),
  };
}

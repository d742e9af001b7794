import { Readable } from 'node:stream';
import { bufferSource } from './blob-source';
import { UploadProgress } from './upload-progress';

const drain = async (stream: Readable): Promise<number> => {
  let n = 0;
  for await (const chunk of stream) n += (chunk as Buffer).length;
  return n;
};
const DIGEST = `sha256:${'c'.repeat(64)}`;

describe('UploadProgress', () => {
  it('CI logs: one line per finished blob, the bytes passed through unchanged', async () => {
    const lines: string[] = [];
    let t = 0;
    const progress = new UploadProgress(
      (l) => lines.push(l),
      'lines',
      2000,
      () => (t += 400),
    );
    const tracked = progress.track(DIGEST, bufferSource(Buffer.alloc(3 * 1024 * 1024, 1)));
    expect(await drain(tracked.source.open())).toBe(3 * 1024 * 1024);
    expect(lines).toEqual([]);
    tracked.finished();
    expect(lines).toEqual(['uploaded cccccccccccc (3.0 MB, 0.4 s)']);
    progress.summary();
    expect(lines).toHaveLength(1);
    // A base layer copied from the base image's repository says so, as the summary counts it.
    const copied = progress.track(DIGEST, bufferSource(Buffer.alloc(1024 * 1024, 1)), 'base/toolchain');
    copied.finished();
    expect(lines[1]).toBe('copied cccccccccccc from base/toolchain (1.0 MB, 0.4 s)');
  });

  it('a terminal: a line at most every interval while bytes flow, one closing line', async () => {
    const lines: string[] = [];
    let t = 0;
    const progress = new UploadProgress(
      (l) => lines.push(l),
      'terminal',
      1000,
      () => t,
    );
    const chunks = Array.from({ length: 10 }, () => Buffer.alloc(1024 * 1024));
    const source = { size: 10 * 1024 * 1024, open: () => Readable.from(chunks), read: () => Buffer.alloc(0) };
    const tracked = progress.track(DIGEST, source);
    const stream = tracked.source.open();
    let seen = 0;
    for await (const chunk of stream) {
      seen += (chunk as Buffer).length;
      t += 400; // 0.4 s per MB
    }
    tracked.finished();
    progress.summary();
    expect(seen).toBe(10 * 1024 * 1024);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.length).toBeLessThanOrEqual(6);
    expect(lines[0]).toMatch(/^upload: cccccccccccc \d+\.\d MB of 10\.0 MB; 0 blob\(s\), 0\.0 MB done$/);
    expect(lines.at(-1)).toBe('upload: 1 blob(s), 10.0 MB done');
  });

  it('slices (chunked uploads) count into the same blob; CI or no terminal means lines', () => {
    const lines: string[] = [];
    const progress = UploadProgress.for((l) => lines.push(l), { CI: 'true' }, true);
    const base = { size: 4, open: () => Readable.from([Buffer.from('abcd')]), read: () => Buffer.alloc(0), slice: () => bufferSource(Buffer.from('ab')) };
    const tracked = progress.track(DIGEST, base);
    expect(tracked.source.slice?.(0, 2).size).toBe(2);
    tracked.finished();
    expect(lines[0]).toMatch(/^uploaded /);
    expect(UploadProgress.for(() => undefined, {}, true)).toMatchObject({ mode: 'terminal' });
  });
});

import { cancel, resetCancellation, throwIfCancelled } from './cancellation';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from './http';
import { withRetry } from './retry';
import { runProcess } from './runner';

describe('cancellation: a release whose Nx process went away stops', () => {
  afterEach(() => resetCancellation());

  it('stops the processes the runner started (a build, a push) and refuses what comes after', async () => {
    const started = Date.now();
    const sleeping = runProcess('sleep', ['30']);
    setTimeout(() => cancel('the Nx process that started this release (pid 1234) went away'), 100);
    const res = await sleeping;
    expect(res.exitCode).not.toBe(0);
    expect(Date.now() - started).toBeLessThan(10000);
    expect(() => throwIfCancelled()).toThrow('cancelled: the Nx process that started this release (pid 1234) went away; no tag was put after that');
    // A process started after the cancellation is stopped at once.
    const late = await runProcess('sleep', ['30']);
    expect(late.exitCode).not.toBe(0);
  });

  it('an uncancelled run goes on', async () => {
    expect(() => throwIfCancelled()).not.toThrow();
    expect((await runProcess('true', [])).exitCode).toBe(0);
  });

  it('aborts a request in flight (a held manifest PUT) and tries no more', async () => {
    const seen: string[] = [];
    const server = createServer((req) => seen.push(`${req.method} ${req.url}`)); // never answers
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v2/app/manifests/latest`);
    try {
      const started = Date.now();
      const put = withRetry({ attempts: 5, minDelayMs: 1, maxDelayMs: 2 }, () => request(url, { method: 'PUT', body: Buffer.from('{}') }));
      setTimeout(() => cancel('the Nx process went away'), 200);
      await expect(put).rejects.toThrow('cancelled: the Nx process went away');
      expect(Date.now() - started).toBeLessThan(5000);
      expect(seen).toEqual(['PUT /v2/app/manifests/latest']);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

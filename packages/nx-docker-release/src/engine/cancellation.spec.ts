import { cancel, resetCancellation, throwIfCancelled } from './cancellation';
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
});

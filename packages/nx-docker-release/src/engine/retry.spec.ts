import { RegistryError } from './registry-error';
import { backoffDelay, isTransient, parseRetryAfter, TransientError, withRetry } from './retry';

const policy = { attempts: 4, minDelayMs: 100, maxDelayMs: 1000 };

describe('withRetry', () => {
  it('retries transient errors with growing, capped delays, then succeeds', async () => {
    const delays: number[] = [];
    let calls = 0;
    const result = await withRetry(
      policy,
      async () => {
        calls++;
        if (calls < 4) throw new TransientError('503');
        return 'ok';
      },
      undefined,
      async (ms) => void delays.push(ms),
    );
    expect(result).toBe('ok');
    expect(calls).toBe(4);
    expect(delays).toHaveLength(3);
    delays.forEach((d, i) => {
      expect(d).toBeGreaterThanOrEqual(100);
      expect(d).toBeLessThanOrEqual(Math.min(1000, 100 * 2 ** i));
    });
  });

  it('fails fast on a non-transient error', async () => {
    let calls = 0;
    await expect(
      withRetry(
        policy,
        async () => {
          calls++;
          throw new Error('401 unauthorized');
        },
        undefined,
        async () => undefined,
      ),
    ).rejects.toThrow('401 unauthorized');
    expect(calls).toBe(1);
  });

  it('gives up after the configured attempts with the last error', async () => {
    let calls = 0;
    await expect(
      withRetry(
        policy,
        async () => {
          calls++;
          throw new TransientError(`503 #${calls}`);
        },
        undefined,
        async () => undefined,
      ),
    ).rejects.toThrow('503 #4');
    expect(calls).toBe(4);
  });

  it('honours Retry-After, capped by maxDelayMs', async () => {
    const delays: number[] = [];
    let calls = 0;
    await withRetry(
      policy,
      async () => {
        calls++;
        if (calls === 1) throw new TransientError('429', 300);
        if (calls === 2) throw new TransientError('429', 60_000);
        return 1;
      },
      undefined,
      async (ms) => void delays.push(ms),
    );
    expect(delays).toEqual([300, 1000]);
  });
});

describe('withRetry on registry answers', () => {
  /** Runs withRetry over a script of failures, then 'ok': the calls made, the delays taken, the outcome. */
  async function script(failures: Error[]): Promise<{ calls: number; delays: number[]; outcome: unknown }> {
    const delays: number[] = [];
    let calls = 0;
    const next = async (): Promise<string> => {
      const err = failures[calls++];
      if (err) throw err;
      return 'ok';
    };
    const outcome = await withRetry(
      policy,
      next,
      (_err, _attempt, ms) => void delays.push(ms),
      async () => undefined,
    ).catch((e: unknown) => e);
    return { calls, delays, outcome };
  }

  it('retries an answer whose status is temporary and honours its Retry-After', async () => {
    const busy = new RegistryError('HTTP 503', { status: 503, errors: [{ code: 'UNAVAILABLE', message: '' }] }, 250);
    expect(await script([busy])).toEqual({ calls: 2, delays: [250], outcome: 'ok' });
  });

  it.each([
    ['an answer whose code is final', new RegistryError('HTTP 404 (503)', { status: 404, errors: [{ code: 'NAME_UNKNOWN', message: 'TOOMANYREQUESTS' }] })],
    ['a plain Error that mentions a retried status', new Error('HTTP 503 TransientError')],
  ])('fails fast on %s', async (_what, err) => {
    expect(await script([err])).toEqual({ calls: 1, delays: [], outcome: err });
  });
});

describe('isTransient', () => {
  it.each([
    ['a TransientError', new TransientError('ECONNRESET'), true],
    ['an object that only looks transient', { transient: true, message: 'x' }, false],
    ['an Error with transient false', Object.assign(new Error('x'), { transient: false }), false],
    ['a string', 'HTTP 503', false],
  ])('%s -> %s', (_what, err, expected) => {
    expect(isTransient(err)).toBe(expected);
  });
});

describe('backoffDelay', () => {
  it.each([
    [1, 1, 100],
    [2, 1, 200],
    [3, 1, 400],
    [6, 1, 1000],
    [3, 0, 100],
  ])('attempt %d with random %d -> %d ms', (attempt, random, expected) => {
    expect(backoffDelay(policy, attempt, () => random)).toBe(expected);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 00:00:10 GMT', Date.parse('Wed, 25 Nov 2026 00:00:00 GMT'))).toBe(10000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

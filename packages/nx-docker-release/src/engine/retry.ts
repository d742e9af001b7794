import { throwIfCancelled } from './cancellation';
import { DEFAULT_RETRY as RELEASE_DEFAULT_RETRY } from '../release/defaults';

/** How transient failures are retried: capped exponential backoff with full jitter. */
export interface RetryPolicy {
  attempts: number;
  minDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = RELEASE_DEFAULT_RETRY;

/**
 * What `withRetry` asks of an error: whether another attempt may help. Registry answers say so by
 * their status and error code (`RegistryError`); other failures are wrapped in a TransientError.
 */
export interface Retryable {
  readonly transient: boolean;
  /** From a Retry-After header. */
  readonly retryAfterMs?: number;
}

export function isTransient(err: unknown): err is Error & Retryable {
  return err instanceof Error && (err as Partial<Retryable>).transient === true;
}

/** A failure worth another attempt; `retryAfterMs` comes from a Retry-After header. */
export class TransientError extends Error implements Retryable {
  readonly transient = true;

  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'TransientError';
  }
}

/** Delay before attempt n+1 (n starts at 1): random in [0, min(max, min * 2^(n-1))], at least min. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** (attempt - 1));
  return Math.max(policy.minDelayMs, Math.round(ceiling * random()));
}

export type Sleep = (ms: number) => Promise<void>;
const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn` until it succeeds, throws something that is not transient (fail fast), or the
 * attempts are used up (the last transient error is rethrown). `onRetry` reports each retry.
 */
export async function withRetry<T>(
  policy: RetryPolicy,
  fn: (attempt: number) => Promise<T>,
  onRetry: (error: Error & Retryable, attempt: number, delayMs: number) => void = () => undefined,
  sleep: Sleep = realSleep,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      // A cancelled run does not try again: the cancellation is the answer, not the failure it caused.
      throwIfCancelled();
      if (!isTransient(err) || attempt >= policy.attempts) throw err;
      const delay = Math.min(policy.maxDelayMs, err.retryAfterMs ?? backoffDelay(policy, attempt));
      onRetry(err, attempt, delay);
      await sleep(delay);
    }
  }
}

/** Seconds or an HTTP date, as Retry-After allows (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

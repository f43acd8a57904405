import { isRetryableNetworkError, isRetryableStatus, retryDelay, sleep } from '../backoff';
import type { RetryPolicy } from '../backoff';
import { HttpStatusError, RestartRequired, TruncatedBodyError, errorMessage } from '../errors';
import type { Logger } from '../logger';

export interface RetryOptions {
  policy: RetryPolicy;
  /** Aborts waits and attempts: cancellation by the user. */
  signal?: AbortSignal;
  /** Epoch ms after which no new attempt starts (the total time budget). */
  deadline?: number;
  logger?: Logger;
  now?: () => number;
  random?: () => number;
  /** Injected in tests so backoff can be checked without waiting. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  onRetry?: (info: { retry: number; delayMs: number; error: unknown }) => void;
}

export function isRetryable(err: unknown): boolean {
  if (err instanceof HttpStatusError) return isRetryableStatus(err.status);
  if (err instanceof TruncatedBodyError || err instanceof RestartRequired) return true;
  return isRetryableNetworkError(err);
}

/**
 * Runs `attempt` until it succeeds, fails for a reason a retry cannot fix, runs out of retries or
 * of time. `attempt` receives the 1-based attempt number and may keep state between attempts (a
 * partial download to resume).
 */
export async function retrying<T>(attempt: (n: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const now = options.now ?? Date.now;
  const wait = options.sleep ?? sleep;
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      if (options.signal?.aborted) throw err;
      const retry = n;
      if (!isRetryable(err) || retry > options.policy.retries) throw err;
      const retryAfterMs = err instanceof HttpStatusError || err instanceof RestartRequired ? err.retryAfterMs : undefined;
      const delayMs = retryDelay(retry, options.policy, retryAfterMs, options.random);
      if (options.deadline !== undefined && now() + delayMs >= options.deadline) throw err;
      options.logger?.info('retrying', { retry, of: options.policy.retries, delay_ms: delayMs, reason: errorMessage(err) });
      options.onRetry?.({ retry, delayMs, error: err });
      await wait(delayMs, options.signal);
    }
  }
}

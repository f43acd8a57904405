/**
 * The retry strategy every AWS client here uses. The SDK's standard strategy would do, but its
 * waits are fixed inside it; this one takes the project's backoff (full jitter, capped) and a
 * configurable number of attempts, tells the log about each retry, and lets tests wait
 * milliseconds instead of seconds.
 */
import { backoffDelay } from '../backoff';
import type { RetryPolicy } from '../backoff';

/** Attempts per request, the first included. Throttling is the usual reason to need more. */
export const defaultAwsMaxAttempts = 5;

export interface AwsRetryOptions {
  /** Attempts per request, the first included; 1 = no retries. */
  maxAttempts: number;
  /** Base of the exponential backoff; default 500 ms (the SDK's base for throttling). */
  minDelayMs?: number;
  /** Cap of one wait; default 20 s (the SDK's cap). */
  maxDelayMs?: number;
  random?: () => number;
  onRetry?: (retry: AwsRetryEvent) => void;
}

export interface AwsRetryEvent {
  /** 1 for the first retry. */
  retry: number;
  delayMs: number;
  /** The SDK's classification: THROTTLING, TRANSIENT, SERVER_ERROR. */
  errorType: string;
  /** AWS's error code (ThrottlingException, RequestLimitExceeded, ...) or the network error code. */
  code?: string;
}

// Structural copies of the SDK's RetryStrategyV2 / RetryToken (in @smithy/types, which this
// project does not depend on directly); the client config accepts anything with these methods.
export interface AwsRetryToken {
  getRetryCount(): number;
  getRetryDelay(): number;
}

export interface AwsRetryErrorInfo {
  error?: unknown;
  errorType: string;
  retryAfterHint?: Date;
}

export interface AwsRetryStrategy {
  acquireInitialRetryToken(scope: string): Promise<AwsRetryToken>;
  refreshRetryTokenForRetry(token: AwsRetryToken, errorInfo: AwsRetryErrorInfo): Promise<AwsRetryToken>;
  recordSuccess(token: AwsRetryToken): void;
}

// CLIENT_ERROR (AccessDenied, validation, expired token) never gets better by asking again.
const retryable = new Set(['THROTTLING', 'TRANSIENT', 'SERVER_ERROR']);

function token(count: number, delay: number): AwsRetryToken {
  return { getRetryCount: () => count, getRetryDelay: () => delay };
}

function codeOf(error: unknown): string | undefined {
  const e = error as { name?: unknown; code?: unknown } | undefined;
  if (typeof e?.code === 'string') return e.code;
  return typeof e?.name === 'string' ? e.name : undefined;
}

export function createAwsRetryStrategy(options: AwsRetryOptions): AwsRetryStrategy {
  const policy: RetryPolicy = {
    retries: Math.max(0, options.maxAttempts - 1),
    minDelayMs: options.minDelayMs ?? 500,
    maxDelayMs: options.maxDelayMs ?? 20_000,
  };
  return {
    acquireInitialRetryToken: async () => token(0, 0),
    async refreshRetryTokenForRetry(previous, info) {
      const retry = previous.getRetryCount() + 1;
      // Throwing here makes the SDK rethrow the request's own error, which is what the caller maps.
      if (!retryable.has(info.errorType) || retry > policy.retries) throw new Error('no retry');
      let delayMs = backoffDelay(retry, policy, options.random);
      if (info.retryAfterHint instanceof Date) {
        // A server's Retry-After wins, within our cap.
        delayMs = Math.min(policy.maxDelayMs, Math.max(delayMs, info.retryAfterHint.getTime() - Date.now()));
      }
      options.onRetry?.({ retry, delayMs, errorType: info.errorType, ...(codeOf(info.error) ? { code: codeOf(info.error) } : {}) });
      return token(retry, delayMs);
    },
    recordSuccess: () => undefined,
  };
}

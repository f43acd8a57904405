/**
 * How long an AWS request may take. Without a limit a stalled endpoint (a dead emulator, a proxy
 * that swallows the request, a half-open connection) keeps the CLI or the Budgets view waiting
 * forever: the SDK's own request timeout only logs a warning unless told to throw.
 */
import { UsageError } from '../errors';

/** Milliseconds one attempt may take, connection included; for tests and slow links. */
export const awsTimeoutEnvVar = 'PRICE_ATLAS_AWS_TIMEOUT_MS';

export const defaultAwsConnectTimeoutMs = 10_000;
export const defaultAwsRequestTimeoutMs = 60_000;
const maxTimeoutMs = 3_600_000;

export interface AwsTimeouts {
  /** Until the TCP (and TLS) connection is up. */
  connectMs: number;
  /** From sending the request to the end of the answer, per attempt. */
  requestMs: number;
}

export interface AwsTimeoutOptions {
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
}

function fromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env[awsTimeoutEnvVar]?.trim();
  if (!raw) return undefined;
  const ms = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(ms >= 1 && ms <= maxTimeoutMs)) {
    throw new UsageError(
      `${awsTimeoutEnvVar}=${JSON.stringify(raw)} is not a time in milliseconds`,
      `give whole milliseconds from 1 to ${maxTimeoutMs}, e.g. ${awsTimeoutEnvVar}=30000, or unset it for ${defaultAwsRequestTimeoutMs / 1000} s`,
    );
  }
  return ms;
}

/**
 * The options, else `PRICE_ATLAS_AWS_TIMEOUT_MS` for the request (and the connection, when that is
 * shorter than the default), else 10 s to connect and 60 s per request.
 */
export function resolveAwsTimeouts(options: AwsTimeoutOptions, env: NodeJS.ProcessEnv): AwsTimeouts {
  const envMs = fromEnv(env);
  const requestMs = options.requestTimeoutMs ?? envMs ?? defaultAwsRequestTimeoutMs;
  const connectMs = options.connectTimeoutMs ?? Math.min(defaultAwsConnectTimeoutMs, envMs ?? defaultAwsConnectTimeoutMs);
  return { connectMs, requestMs };
}

/** `0.3 s`, `60 s`: as people say it. */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

import type { Remedy } from './remedy';

/**
 * Errors that reach a person carry a `hint`, what to do next, and when the fix is an action either
 * host can offer, a `remedy` (see remedy.ts): each host's error presenter words it its own way.
 */
export class PriceAtlasError extends Error {
  readonly remedy?: Remedy;

  constructor(
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown; remedy?: Remedy },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    if (options?.remedy) this.remedy = options.remedy;
  }
}

/** The hint and remedy of an error, as plain data that crosses a worker or a result object. */
export interface Advice {
  hint?: string;
  remedy?: Remedy;
}

export function adviceOf(err: unknown): Advice {
  if (!(err instanceof PriceAtlasError)) return {};
  return { ...(err.hint !== undefined && { hint: err.hint }), ...(err.remedy !== undefined && { remedy: err.remedy }) };
}

/** Bad input from the person running us (flags, names, settings). The CLI exits with 2. */
export class UsageError extends PriceAtlasError {}

/** A name or path from the network that could escape the output folder, or is not what AWS sends. */
export class UnsafeNameError extends PriceAtlasError {}

/** The server answered with a status we did not want. */
export class HttpStatusError extends PriceAtlasError {
  constructor(
    readonly status: number,
    readonly url: string,
    readonly retryAfterMs?: number,
    hint?: string,
    remedy?: Remedy,
  ) {
    super(`HTTP ${status} for ${url}`, hint, remedy ? { remedy } : undefined);
  }
}

/** The body ended before the length the server promised: the connection was cut. */
export class TruncatedBodyError extends PriceAtlasError {
  constructor(
    readonly received: number,
    readonly expected: number,
  ) {
    super(`body ended after ${received} of ${expected} bytes`);
  }
}

/** Bytes on disk do not match what was announced or recorded. */
export class IntegrityError extends PriceAtlasError {}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' && !err.message.includes(code) ? `${err.message} (${code})` : err.message;
  }
  return String(err);
}

/** The partial file cannot be continued (the server changed the file, or refused the range): start over now. */
export class RestartRequired extends PriceAtlasError {
  readonly retryAfterMs = 0;
}

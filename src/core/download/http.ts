import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable, Transform } from 'node:stream';
import { Agent, request } from 'undici';
import type { Dispatcher } from 'undici';
import { HttpStatusError, PriceAtlasError } from '../errors';
import { parseRetryAfter } from '../backoff';
import { redactUrl } from './endpoint';
import { retrying } from './retrying';
import type { RetryOptions } from './retrying';
import { optionRemedy } from '../remedy';

export interface HttpTimeouts {
  /** TCP + TLS connect. */
  connectMs: number;
  /** Longest silence while waiting for headers or between body chunks. */
  readMs: number;
}

export const defaultTimeouts: HttpTimeouts = { connectMs: 10_000, readMs: 30_000 };

export const userAgent = 'price-atlas/0.1 (+https://github.com/price-atlas/price-atlas)';

/**
 * One connection pool per run, shared by every download: keep-alive connections are reused
 * across the index files and the offer files on the same host.
 */
export function createDispatcher(timeouts: HttpTimeouts, connections: number): Agent {
  return new Agent({
    connect: { timeout: timeouts.connectMs },
    headersTimeout: timeouts.readMs,
    bodyTimeout: timeouts.readMs,
    connections,
    keepAliveTimeout: 30_000,
  });
}

export function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function statusError(status: number, url: string, headers: Record<string, string | string[] | undefined>): HttpStatusError {
  const retryAfterMs = parseRetryAfter(headerValue(headers, 'retry-after'));
  const shown = redactUrl(url);
  if (status === 404) {
    const hint = 'the endpoint does not have this file: check the service and region names, and the endpoint';
    return new HttpStatusError(status, shown, retryAfterMs, hint, { kind: 'list', of: 'services' });
  }
  if (status === 403) {
    return new HttpStatusError(
      status,
      shown,
      retryAfterMs,
      'the endpoint refused access: if it is a team mirror, check its permissions; AWS itself needs no credentials',
      optionRemedy('endpoint'),
    );
  }
  if (status === 429 || status >= 500) {
    return new HttpStatusError(
      status,
      shown,
      retryAfterMs,
      'the server is busy or failing; try again later, or download fewer files at once',
      optionRemedy('maxConcurrent'),
    );
  }
  return new HttpStatusError(status, shown, retryAfterMs);
}

/** A decompressor for a `Content-Encoding` (CloudFront gzips small objects when asked). */
export function decoderFor(encoding: string | undefined): Transform {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      throw new PriceAtlasError(`unsupported Content-Encoding ${JSON.stringify(encoding)}`);
  }
}

/** Decodes a body according to `Content-Encoding`. */
export function decodeBody(body: Readable, encoding: string | undefined): Readable {
  const e = (encoding ?? 'identity').trim().toLowerCase();
  return e === 'identity' || e === '' ? body : body.pipe(decoderFor(e));
}

export interface FetchJsonOptions extends Omit<RetryOptions, 'policy'> {
  dispatcher: Dispatcher;
  retry: RetryOptions['policy'];
  /** Index files are kilobytes; refuse to buffer something absurd. */
  maxBytes?: number;
}

/** Fetches and parses a small JSON document (an index file), with retries. */
export async function fetchJson(url: string, options: FetchJsonOptions): Promise<unknown> {
  const maxBytes = options.maxBytes ?? 64 << 20;
  return retrying(
    async () => {
      const response = await request(url, {
        method: 'GET',
        dispatcher: options.dispatcher,
        headers: { 'accept-encoding': 'gzip, deflate, br', 'user-agent': userAgent },
        signal: options.signal,
      });
      if (response.statusCode !== 200) {
        await response.body.dump().catch(() => undefined);
        throw statusError(response.statusCode, url, response.headers);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      const body = decodeBody(response.body, headerValue(response.headers, 'content-encoding'));
      for await (const chunk of body) {
        size += (chunk as Buffer).length;
        if (size > maxBytes) {
          response.body.destroy();
          throw new PriceAtlasError(`${redactUrl(url)} is larger than ${maxBytes} bytes; not an index file`);
        }
        chunks.push(chunk as Buffer);
      }
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        return JSON.parse(text) as unknown;
      } catch (err) {
        throw new PriceAtlasError(
          `${redactUrl(url)} is not valid JSON: ${(err as Error).message}`,
          'check that the endpoint is a price-list endpoint or a mirror of one',
          {
            remedy: optionRemedy('endpoint'),
          },
        );
      }
    },
    { ...options, policy: options.retry },
  );
}

/**
 * Reads one offer file (JSON or CSV, plain or gzip) into a sink, chunk by chunk, with progress
 * and cancellation. The format is decided from the bytes, not the name: the first non-space byte
 * of JSON is '{', gzip starts with 1f 8b.
 */
import type { FileHandle } from 'node:fs/promises';
import * as zlib from 'node:zlib';
import { createHash } from 'node:crypto';
import { OfferCsvParser } from './offer-csv';
import { OfferJsonParser } from './offer-json';
import { OfferFormatError } from './offer-events';
import type { OfferSink } from './offer-events';
import { formatLimit, offerLimits } from './offer-limits';
import type { OfferLimits } from './offer-limits';
import { formatBytes } from '../format';
import { openRegularFile } from './regular-file';

export type OfferFileFormat = 'json' | 'csv';

export interface ReadOfferOptions {
  signal?: AbortSignal;
  /** Called after each chunk with bytes of the file read so far (compressed bytes for gzip). */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Also compute the SHA-256 of the file's bytes as they are read. */
  hash?: boolean;
  chunkSize?: number;
  /** Tighter (or, for tests, looser) limits than defaultOfferLimits. */
  limits?: Partial<OfferLimits>;
}

export interface ReadOfferResult {
  format: OfferFileFormat;
  gzip: boolean;
  /** Size of the file on disk. */
  bytes: number;
  /** Bytes parsed (after gunzip). */
  parsedBytes: number;
  sha256?: string;
}

interface Parser {
  push(chunk: Uint8Array): void;
  finish(): void;
}

function formatOf(head: Uint8Array): OfferFileFormat {
  for (const c of head) {
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
    if (c === 0xef || c === 0xbb || c === 0xbf) continue; // UTF-8 BOM
    return c === 0x7b ? 'json' : 'csv';
  }
  return 'json';
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new DOMException('The operation was aborted', 'AbortError');
}

/** Wraps a parser error with the file it came from. */
function inFile(file: string, err: unknown): unknown {
  if (err instanceof OfferFormatError) return new OfferFormatError(`${file}: ${err.reason}`, err.where);
  return err;
}

function parserFor(head: Uint8Array, sink: OfferSink, limits: OfferLimits): { parser: Parser; format: OfferFileFormat } {
  const format = formatOf(head);
  return { parser: format === 'json' ? new OfferJsonParser(sink, limits) : new OfferCsvParser(sink, limits), format };
}

/**
 * Refuses gzip data that decodes to far more than an offer file would: a few KB can expand to
 * gigabytes of one repeated byte, which would keep the parser busy (or the disk full) for nothing.
 */
function checkExpansion(compressed: number, decoded: number, limits: OfferLimits): void {
  const where = `byte ${compressed} of the compressed file`;
  if (decoded > limits.maxDecodedBytes) {
    throw new OfferFormatError(
      `the gzip data expands past ${formatLimit(limits.maxDecodedBytes)}, more than any offer file; refused as a decompression bomb`,
      where,
    );
  }
  if (decoded > limits.decodedSlackBytes && decoded > compressed * limits.maxDecodedRatio) {
    throw new OfferFormatError(
      `the gzip data expands more than ${limits.maxDecodedRatio}x (${formatBytes(compressed)} → ${formatBytes(decoded)} so far), far more than an offer file compresses; refused as a decompression bomb`,
      where,
    );
  }
}

export async function readOfferFile(file: string, sink: OfferSink, options: ReadOfferOptions = {}): Promise<ReadOfferResult> {
  const chunkSize = options.chunkSize ?? 1024 * 1024;
  const limits = offerLimits(options.limits);
  const { handle, size } = await openRegularFile(file);
  let head: Buffer;
  try {
    head = Buffer.alloc(2);
    await handle.read(head, 0, 2, 0);
  } catch (err) {
    await handle.close();
    throw err;
  }
  if (size >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    return readGzip(file, handle, size, sink, options, chunkSize, limits);
  }
  try {
    const hash = options.hash ? createHash('sha256') : undefined;
    // Two buffers: the next read runs on the thread pool while this chunk is parsed.
    const buffers = [Buffer.allocUnsafe(chunkSize), Buffer.allocUnsafe(chunkSize)];
    let read = 0;
    let reader: { parser: Parser; format: OfferFileFormat } | undefined;
    try {
      // Never past the size the file had when opened: bytes appended meanwhile are not the offer.
      const readAt = (buffer: Buffer, at: number): Promise<{ bytesRead: number }> =>
        at >= size ? Promise.resolve({ bytesRead: 0 }) : handle.read(buffer, 0, Math.min(chunkSize, size - at), at);
      let next = readAt(buffers[0], 0);
      // A read still in flight when parsing fails must not surface as an unhandled rejection.
      next.catch(() => undefined);
      for (let turn = 0; ; turn ^= 1) {
        if (options.signal?.aborted) throw abortError(options.signal);
        const { bytesRead } = await next;
        if (bytesRead === 0) break;
        const chunk = buffers[turn].subarray(0, bytesRead);
        read += bytesRead;
        next = readAt(buffers[turn ^ 1], read);
        next.catch(() => undefined);
        hash?.update(chunk);
        reader ??= parserFor(chunk, sink, limits);
        reader.parser.push(chunk);
        options.onProgress?.(read, size);
      }
      if (!reader) throw new OfferFormatError('the file is empty', 'byte 0');
      reader.parser.finish();
    } catch (err) {
      throw inFile(file, err);
    }
    return { format: reader.format, gzip: false, bytes: read, parsedBytes: read, sha256: hash?.digest('hex') };
  } finally {
    await handle.close();
  }
}

async function readGzip(
  file: string,
  handle: FileHandle,
  size: number,
  sink: OfferSink,
  options: ReadOfferOptions,
  chunkSize: number,
  limits: OfferLimits,
): Promise<ReadOfferResult> {
  const hash = options.hash ? createHash('sha256') : undefined;
  // The descriptor already checked to be a regular file, up to its size then; closed with the stream.
  const source = handle.createReadStream({ start: 0, end: size - 1, highWaterMark: chunkSize, signal: options.signal });
  let read = 0;
  source.on('data', (d: Buffer | string) => {
    hash?.update(d);
    read += d.length;
  });
  const gunzip = zlib.createGunzip({ chunkSize });
  source.on('error', (err) => gunzip.destroy(err));
  source.pipe(gunzip);
  let reader: { parser: Parser; format: OfferFileFormat } | undefined;
  let parsed = 0;
  try {
    for await (const d of gunzip as AsyncIterable<Buffer>) {
      parsed += d.length;
      checkExpansion(read, parsed, limits);
      reader ??= parserFor(d, sink, limits);
      reader.parser.push(d);
      options.onProgress?.(read, size);
    }
    if (!reader) throw new OfferFormatError('the file is empty', 'byte 0');
    reader.parser.finish();
  } catch (err) {
    source.destroy();
    if (options.signal?.aborted) throw abortError(options.signal);
    if (err instanceof OfferFormatError) throw inFile(file, err);
    const code = (err as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('Z_')) {
      throw new OfferFormatError(`${file}: the gzip data is truncated or corrupt (${(err as Error).message})`, `byte ${read} of the compressed file`);
    }
    throw err;
  }
  return { format: reader.format, gzip: true, bytes: read, parsedBytes: parsed, sha256: hash?.digest('hex') };
}

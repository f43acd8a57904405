import { constants as fsConstants, promises as fs, statfsSync, writev as fsWritev } from 'node:fs';
import * as path from 'node:path';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stream } from 'undici';
import type { Dispatcher } from 'undici';
import { exclusiveCreateReadWrite, syncDir } from '../atomic-write';
import type { RetryPolicy } from '../backoff';
import { redactUrl } from './endpoint';
import { adviceOf, errorMessage, IntegrityError, PriceAtlasError, RestartRequired, TruncatedBodyError } from '../errors';
import { formatBytes } from '../format';
import { decoderFor, headerValue, statusError, userAgent } from './http';
import type { Logger } from '../logger';
import { offerHeaderBytes, sniffOfferHeader } from './offer-header';
import { retrying } from './retrying';
import type { FileHasher, Sha256Pool } from './sha256-pool';
import { readSidecars, writeSidecars } from './sidecar';
import { regularFile } from '../mirror/mirror-root';
import type { MirrorRoot } from '../mirror/mirror-root';
import { isSendableHeaderValue, readJournal, removePartial, writeJournal } from './partial';
import type { PartialJournal } from './partial';
import { checkContent } from './content-check';
import type { FileMeta } from './sidecar';
import { journalPathFor, partialPathFor } from '../mirror/layout';
import { optionRemedy } from '../remedy';
import type { Remedy } from '../remedy';

export type FileKind = 'index' | 'offer';

export interface DownloadTarget {
  /** Absolute URL. */
  url: string;
  /** Path relative to the endpoint (`/offers/v1.0/aws/...`); also the path inside the mirror. */
  urlPath: string;
  /** Absolute destination, inside the output folder. */
  file: string;
  kind: FileKind;
  offerCode?: string;
  /** Known from a versioned URL before the file is read. */
  version?: string;
}

export type DownloadStatus = 'downloaded' | 'cached' | 'failed' | 'cancelled';

export interface DownloadResult {
  url: string;
  urlPath: string;
  file: string;
  kind: FileKind;
  status: DownloadStatus;
  httpStatus?: number;
  /** Bytes received in this run, partial attempts included. */
  bytes: number;
  /** Size of the good file on disk afterwards, when there is one. */
  size?: number;
  durationMs: number;
  cacheHit: boolean;
  attempts: number;
  retries: number;
  resumed: boolean;
  sha256?: string;
  etag?: string;
  version?: string;
  publicationDate?: string;
  error?: string;
  hint?: string;
  remedy?: Remedy;
}

/** How far to trust a file already on disk before asking the server whether it changed. */
export type LocalVerification = 'full' | 'size';

export interface DownloadContext {
  dispatcher: Dispatcher;
  hashes: Sha256Pool;
  logger: Logger;
  retry: RetryPolicy;
  /** Budget for one file, all attempts and waits included. */
  totalTimeoutMs: number;
  signal?: AbortSignal;
  verifyLocal?: LocalVerification;
  onBytes?: (target: DownloadTarget, delta: number) => void;
  onSize?: (target: DownloadTarget, size: number | undefined) => void;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The guarded mirror folder: folders are made without following links, writes stay inside. */
  mirror?: MirrorRoot;
  limits?: Partial<DownloadLimits>;
  /** How often, at most, bytes are flushed and journaled for a later run to continue. */
  checkpointMs?: number;
}

export interface DownloadLimits {
  /** Index files are kilobytes (the offer index ~80 KB); anything near this is not one. */
  indexMaxBytes: number;
  /** EC2's whole offer is a few GB; this stops an endless body long before a disk fills. */
  offerMaxBytes: number;
  /** A Content-Encoding response may expand at most this many times its compressed size... */
  maxDecodedRatio: number;
  /** ...plus this much, so small, very compressible files pass. */
  decodedSlackBytes: number;
  /** Stop when less than this is left free on the mirror's disk. */
  minFreeBytes: number;
}

export const defaultDownloadLimits: DownloadLimits = {
  indexMaxBytes: 16 << 20,
  offerMaxBytes: 32 * 2 ** 30,
  maxDecodedRatio: 100,
  decodedSlackBytes: 16 << 20,
  minFreeBytes: 256 << 20,
};

/** A partial shorter than this is not worth a journal: fetching it again costs less. */
const minResumableBytes = 1 << 20;

/** A size limit was hit: retrying would only hit it again. */
export class LimitError extends PriceAtlasError {}

function tooLarge(target: DownloadTarget, bytes: number, max: number, streaming = false): LimitError {
  // While streaming, `bytes` is where we stopped, not the body's size (which may be endless).
  const size = streaming ? `the response went past ${formatBytes(max)}` : `${formatBytes(bytes)} is larger than ${formatBytes(max)}`;
  return target.kind === 'index'
    ? new LimitError(`${size}, the limit for an index file (index files are kilobytes); refused`, 'check that the endpoint serves AWS price lists', {
        remedy: optionRemedy('endpoint'),
      })
    : new LimitError(`${size}, the limit for an offer file; refused`, 'raise the file-size limit if the file really is this large', {
        remedy: optionRemedy('maxFileSize'),
      });
}

/**
 * Writes the body into the temporary file with positional writes (so a resumed attempt continues
 * exactly where the last good byte landed), then tells the hasher how far the file is complete.
 * Socket chunks (about 64 KB) are gathered into writes of about 512 KB, uncopied (`writev`): an
 * eighth of the system calls and thread-pool round trips, which on two cores is throughput.
 */
class FileSink extends Writable {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(
    private readonly fd: number,
    private position: number,
    private readonly hasher: FileHasher,
    private readonly onWritten: (chunks: readonly Buffer[], bytes: number) => void,
  ) {
    super({ highWaterMark: 256 << 10 });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes < FileSink.batchBytes) return callback();
    this.flush(callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (this.pendingBytes === 0) return callback();
    this.flush(callback);
  }

  // The bytes that arrived before a connection broke are good bytes of the file: keep them, so the
  // retry resumes after them instead of asking for them again.
  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.pendingBytes === 0 || this.flushFailed) return callback(error);
    this.flush(() => callback(error));
  }

  private flushFailed = false;

  private static readonly batchBytes = 512 << 10;

  private flush(callback: (error?: Error | null) => void): void {
    const buffers = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    this.writeAll(buffers, callback);
  }

  private writeAll(buffers: Buffer[], callback: (error?: Error | null) => void): void {
    const total = buffers.reduce((sum, b) => sum + b.length, 0);
    fsWritev(this.fd, buffers, this.position, (err, written) => {
      if (err) {
        this.flushFailed = true;
        return callback(err);
      }
      if (written < total) {
        // Short write (rare on regular files): finish the rest with a single copy.
        const rest = Buffer.concat(buffers).subarray(written);
        this.position += written;
        this.onWritten([], written);
        return this.writeAll([rest], callback);
      }
      this.position += written;
      this.onWritten(buffers, written);
      try {
        this.hasher.advance(this.position);
      } catch (hashErr) {
        return callback(hashErr as Error);
      }
      callback();
    });
  }
}

function parseContentRange(value: string | undefined): { start: number; end: number; size: number } | undefined {
  const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(value?.trim() ?? '');
  if (!match) return undefined;
  return { start: Number(match[1]), end: Number(match[2]), size: Number(match[3]) };
}

/** The recorded state of the file on disk, if it is still exactly what was downloaded. */
async function trustedLocal(target: DownloadTarget, ctx: DownloadContext, log: Logger): Promise<FileMeta | undefined> {
  // lstat: a file the repository committed as a link (to /dev/zero, to a secret) is not ours.
  const local = await regularFile(target.file);
  if (!local) return undefined;
  const meta = await readSidecars(target.file);
  if (!meta) {
    log.info('local file has no valid sidecars; downloading it again');
    return undefined;
  }
  if (local.size !== meta.size) {
    log.warn('local file changed since it was downloaded (size differs); downloading it again', { size: local.size, recorded: meta.size });
    return undefined;
  }
  if ((ctx.verifyLocal ?? 'full') === 'full') {
    const sha256 = await ctx.hashes.hashFile(target.file);
    if (sha256 !== meta.sha256) {
      log.warn('local file no longer matches its .sha256 sidecar; downloading it again', { sha256, recorded: meta.sha256 });
      return undefined;
    }
  }
  // A validator we cannot send (a hand-edited or hostile sidecar) would fail every request.
  if (meta.etag !== undefined && !isSendableHeaderValue(meta.etag)) {
    log.warn('ignoring an ETag in the sidecar that is not a valid header value', {});
    meta.etag = undefined;
  }
  if (meta.lastModified !== undefined && !isSendableHeaderValue(meta.lastModified)) meta.lastModified = undefined;
  return meta;
}

/** A partial from an earlier run that can be continued: its bytes, journal and open handle. */
interface Resumable {
  journal: PartialJournal;
  handle: fs.FileHandle;
}

async function openResumable(target: DownloadTarget, partial: string, log: Logger): Promise<Resumable | undefined> {
  const journal = await readJournal(target.file, redactUrl(target.url));
  const onDisk = await regularFile(partial);
  if (!journal || !onDisk || onDisk.size < journal.bytes) {
    if (journal || onDisk) log.info('an earlier partial download cannot be continued; starting afresh');
    await removePartial(target.file);
    return undefined;
  }
  const handle = await fs.open(partial, fsConstants.O_RDWR | (fsConstants.O_NOFOLLOW ?? 0));
  log.info('continuing an earlier partial download', { from_byte: journal.bytes, size: journal.size });
  return { journal, handle };
}

async function readHead(handle: fs.FileHandle, bytes: number): Promise<Buffer> {
  const buf = Buffer.alloc(Math.min(bytes, offerHeaderBytes));
  const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
  return buf.subarray(0, bytesRead);
}

/** Free bytes for an unprivileged writer on the filesystem holding `dir`; undefined when unknown. */
async function freeBytes(dir: string): Promise<number | undefined> {
  try {
    const s = await fs.statfs(dir);
    return s.bavail * s.bsize;
  } catch {
    return undefined;
  }
}

// Synchronous for the one place that decides inside undici's (synchronous) response callback.
function freeBytesSync(dir: string): number | undefined {
  try {
    const s = statfsSync(dir);
    return s.bavail * s.bsize;
  } catch {
    return undefined;
  }
}

function isReadOnlyError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'EACCES' || code === 'EROFS' || code === 'EPERM';
}

/**
 * Downloads one file into place: conditional GET against the recorded ETag, streaming into
 * `.<name>.partial` in the same folder while hashing, resume with `Range` + `If-Range` after a cut
 * (in this run, or from a journal an earlier run left), size limits, a check that the bytes are a
 * price-list file, fsync, rename, sidecars. Never throws: the outcome, good or bad, is the result.
 * Whatever happens, the previous good file stays untouched until the new one is complete and
 * verified; a partial is kept only when a later run can continue it.
 */
export async function downloadFile(target: DownloadTarget, ctx: DownloadContext): Promise<DownloadResult> {
  const started = performance.now();
  const log = ctx.logger.child({ path: target.urlPath });
  const result: DownloadResult = {
    url: redactUrl(target.url),
    urlPath: target.urlPath,
    file: target.file,
    kind: target.kind,
    status: 'failed',
    bytes: 0,
    durationMs: 0,
    cacheHit: false,
    attempts: 0,
    retries: 0,
    resumed: false,
  };
  const budget = AbortSignal.timeout(ctx.totalTimeoutMs);
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, budget]) : budget;
  const deadline = Date.now() + ctx.totalTimeoutMs;
  const limits = { ...defaultDownloadLimits, ...ctx.limits };
  const maxBytes = target.kind === 'index' ? limits.indexMaxBytes : limits.offerMaxBytes;
  const partial = partialPathFor(target.file);
  const dir = path.dirname(target.file);

  let handle: fs.FileHandle | undefined;
  let openError: unknown;
  let hasher: FileHasher | undefined;
  let written = 0;
  let etag: string | undefined;
  let lastModified: string | undefined;
  let announced: number | undefined;
  let head: Buffer[] = [];
  let headBytes = 0;
  let checkpoint: Promise<void> = Promise.resolve();
  let checkpointedAt = performance.now();
  let synced = 0;
  let finished = false;
  let currentSink: FileSink | undefined;
  let notPriceList = false;

  // Positional writes restart at 0; the file is cut to its final length before it is synced.
  const startOver = (): void => {
    written = 0;
    synced = 0;
    hasher?.restart();
    head = [];
    headBytes = 0;
  };

  // Once a second at most: flush what is written and record it, so a kill -9 loses little.
  const maybeCheckpoint = (): void => {
    if (target.kind !== 'offer' || !handle || etag === undefined) return;
    const now = performance.now();
    if (now - checkpointedAt < (ctx.checkpointMs ?? 1000)) return;
    checkpointedAt = now;
    const fd = handle;
    const upTo = written;
    const journal: PartialJournal = {
      url: result.url,
      etag,
      bytes: upTo,
      ...(announced !== undefined && { size: announced }),
      ...(lastModified !== undefined && { lastModified }),
    };
    checkpoint = checkpoint
      .then(async () => {
        if (finished || upTo <= synced) return;
        await fd.datasync();
        await writeJournal(target.file, journal);
        synced = upTo;
        if (announced === undefined) {
          const free = await freeBytes(dir);
          if (free !== undefined && free < limits.minFreeBytes) {
            throw new LimitError(
              `only ${formatBytes(free)} left on the disk holding ${dir}; stopped before it fills`,
              'free some space, or choose another download folder',
              {
                remedy: optionRemedy('outputDir'),
              },
            );
          }
        }
      })
      .catch((err: unknown) => {
        if (err instanceof LimitError) {
          currentSink?.destroy(err);
          throw err;
        }
        log.debug('checkpoint failed', { error: errorMessage(err) });
      });
    checkpoint.catch(() => undefined);
  };

  try {
    await ctx.mirror?.prepareDirFor(target.file);
    const local = await trustedLocal(target, ctx, log);
    const resumable = target.kind === 'offer' ? await openResumable(target, partial, log) : (await removePartial(target.file), undefined);
    if (resumable) {
      handle = resumable.handle;
      written = resumable.journal.bytes;
      synced = written;
      etag = resumable.journal.etag;
      lastModified = resumable.journal.lastModified;
      announced = resumable.journal.size;
      hasher = ctx.hashes.fileHasher(partial, announced);
      hasher.advance(written);
      const first = await readHead(handle, written);
      head = [first];
      headBytes = first.length;
    } else {
      try {
        handle = await fs.open(partial, exclusiveCreateReadWrite, 0o644);
      } catch (err) {
        // A read-only mirror can still answer "unchanged" for a file it has: ask before failing.
        if (!local || !isReadOnlyError(err)) throw err;
        openError = err;
        log.info('the mirror is read-only here; asking the server whether the file changed', { error: errorMessage(err) });
      }
    }
    const outcome = await retrying(
      async (attempt) => {
        result.attempts = attempt;
        // Without a validator, bytes from two attempts could come from two different versions.
        if (written > 0 && etag === undefined) startOver();
        const resuming = written > 0;
        const headers: Record<string, string> = { 'accept-encoding': 'identity', 'user-agent': userAgent };
        if (resuming) {
          headers.range = `bytes=${written}-`;
          headers['if-range'] = etag!;
        } else if (local?.etag) {
          headers['if-none-match'] = local.etag;
        } else if (local?.lastModified) {
          headers['if-modified-since'] = local.lastModified;
        }
        // undici's stream() hands each chunk straight to our sink as the parser produces it; a
        // request() body adds a Readable in between that measured 30-50% slower here.
        let outcome:
          { kind: 'body'; sink: FileSink; expected?: number; piped?: Promise<void> } | { kind: 'cached' } | { kind: 'error'; error: Error } | undefined;
        const discard = (): Writable => new Writable({ write: (_c, _e, cb) => cb() });
        const streaming = stream(target.url, { method: 'GET', dispatcher: ctx.dispatcher, headers, signal }, ({ statusCode, headers: h }) => {
          result.httpStatus = statusCode;
          if (statusCode === 304 && !resuming && local) {
            outcome = { kind: 'cached' };
            return discard();
          }
          if (!handle) {
            outcome = {
              kind: 'error',
              error: new PriceAtlasError(`cannot write into the mirror: ${errorMessage(openError)}`, 'check the permissions of the output folder'),
            };
            return discard();
          }
          if (statusCode === 416 && resuming) {
            startOver();
            outcome = { kind: 'error', error: new RestartRequired('the server refused to continue the partial download; starting over') };
            return discard();
          }
          if (statusCode !== 200 && statusCode !== 206) {
            outcome = { kind: 'error', error: statusError(statusCode, target.url, h) };
            return discard();
          }
          const encoding = headerValue(h, 'content-encoding');
          const encoded = encoding !== undefined && encoding.trim().toLowerCase() !== 'identity';
          let expected: number | undefined;
          if (statusCode === 206) {
            const range = parseContentRange(headerValue(h, 'content-range'));
            const responseEtag = headerValue(h, 'etag');
            if (!resuming || !range || range.start !== written || encoded || (responseEtag !== undefined && responseEtag !== etag)) {
              startOver();
              outcome = { kind: 'error', error: new RestartRequired('the partial response does not continue our bytes; starting over') };
              return discard();
            }
            expected = range.size;
            result.resumed = true;
            log.info('resuming', { from_byte: written, size: range.size });
          } else {
            if (written > 0) {
              log.info('the server sent the whole file again; starting over', { had_bytes: written });
              startOver();
            }
            // A decoded body cannot be resumed by byte offset: without a validator a failure starts over.
            const responseEtag = headerValue(h, 'etag');
            etag = encoded || !isSendableHeaderValue(responseEtag) ? undefined : responseEtag;
            const modified = headerValue(h, 'last-modified');
            lastModified = isSendableHeaderValue(modified) ? modified : undefined;
            const length = headerValue(h, 'content-length');
            expected = !encoded && length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined;
          }
          if (expected !== undefined && expected > maxBytes) {
            outcome = { kind: 'error', error: tooLarge(target, expected, maxBytes) };
            return discard();
          }
          const free = expected !== undefined ? freeBytesSync(dir) : undefined;
          if (expected !== undefined && free !== undefined && free < expected - written + limits.minFreeBytes) {
            outcome = {
              kind: 'error',
              error: new LimitError(
                `${formatBytes(expected - written)} still to download but only ${formatBytes(free)} free on the disk holding ${dir}`,
                'free some space, or choose another download folder',
                {
                  remedy: optionRemedy('outputDir'),
                },
              ),
            };
            return discard();
          }
          announced = expected;
          ctx.onSize?.(target, expected);
          hasher ??= ctx.hashes.fileHasher(partial, expected);
          let raw = 0;
          const sink: FileSink = new FileSink(handle.fd, written, hasher, (chunks, bytes) => {
            written += bytes;
            result.bytes += bytes;
            for (const chunk of chunks) {
              if (headBytes >= offerHeaderBytes) break;
              head.push(Buffer.from(chunk.subarray(0, offerHeaderBytes - headBytes)));
              headBytes += Math.min(chunk.length, offerHeaderBytes - headBytes);
            }
            ctx.onBytes?.(target, bytes);
            if (written > maxBytes) {
              sink.destroy(tooLarge(target, written, maxBytes, true));
            } else if (encoded && written > raw * limits.maxDecodedRatio + limits.decodedSlackBytes) {
              sink.destroy(
                new LimitError(
                  `the compressed response expands more than ${limits.maxDecodedRatio}x (${formatBytes(raw)} → ${formatBytes(written)}); refused as a decompression bomb`,
                  'check the endpoint: AWS sends price lists uncompressed',
                ),
              );
            } else {
              maybeCheckpoint();
            }
          });
          currentSink = sink;
          if (!encoded) {
            outcome = { kind: 'body', sink, expected };
            return sink;
          }
          const counter = new Transform({
            transform(chunk: Buffer, _e, cb) {
              raw += chunk.length;
              cb(null, chunk);
            },
          });
          const piped = pipeline(counter, decoderFor(encoding), sink);
          piped.catch(() => undefined); // observed below; this only avoids an unhandled rejection
          outcome = { kind: 'body', sink, expected, piped };
          return counter;
        });
        try {
          await streaming;
        } catch (err) {
          // Let the sink finish writing what it holds before `written` is used to resume.
          const o = outcome as typeof outcome | undefined;
          if (o?.kind === 'body' && !o.sink.closed) {
            const closed = new Promise((resolve) => o.sink.once('close', resolve));
            if (!o.sink.destroyed) o.sink.destroy(err as Error);
            await closed;
          }
          const sinkError = o?.kind === 'body' ? (o.sink.errored as Error | null) : null;
          throw sinkError instanceof LimitError ? sinkError : err;
        }
        const done = outcome as typeof outcome | undefined;
        if (!done) throw new PriceAtlasError('no response');
        if (done.kind === 'cached') return 'cached' as const;
        if (done.kind === 'error') throw done.error;
        // With a decoder in between, the sink finishes after the decoder has flushed.
        if (done.piped) await done.piped;
        await checkpoint;
        const expected = done.expected;
        if (expected !== undefined && written < expected) throw new TruncatedBodyError(written, expected);
        if (expected !== undefined && written > expected) {
          startOver();
          throw new IntegrityError(`received ${written} bytes but Content-Length said ${expected}`);
        }
        return 'downloaded' as const;
      },
      {
        policy: ctx.retry,
        signal,
        deadline,
        logger: log,
        random: ctx.random,
        sleep: ctx.sleep,
        onRetry: () => void result.retries++,
      },
    );

    if (outcome === 'cached') {
      Object.assign(result, {
        status: 'cached',
        cacheHit: true,
        size: local!.size,
        sha256: local!.sha256,
        etag: local!.etag,
        version: local!.version,
        publicationDate: local!.publicationDate,
      });
      log.info('not modified (cache hit)', { etag: local!.etag });
      if (handle) {
        await handle.close();
        handle = undefined;
        await removePartial(target.file);
      }
      return result;
    }

    finished = true;
    await checkpoint.catch(() => undefined);
    await handle!.truncate(written);
    await handle!.sync();
    // A captive portal's login page or a proxy's error page arrives with a 200 and a valid length.
    try {
      await checkContent(target, handle!, written, Buffer.concat(head));
    } catch (err) {
      notPriceList = true;
      throw err;
    }
    await handle!.close();
    handle = undefined;
    const sha256 = await hasher!.digest();
    hasher = undefined;
    const header = target.kind === 'offer' ? sniffOfferHeader(Buffer.concat(head)) : {};
    await ctx.mirror?.assertInside(target.file);
    await fs.rename(partial, target.file);
    await fs.rm(journalPathFor(target.file), { force: true });
    await syncDir(dir);
    const meta: FileMeta = {
      url: redactUrl(target.url),
      etag,
      lastModified,
      size: written,
      sha256,
      downloadedAt: new Date().toISOString(),
      offerCode: header.offerCode ?? target.offerCode,
      version: header.version ?? target.version,
      publicationDate: header.publicationDate,
    };
    await ctx.mirror?.assertInside(target.file);
    await writeSidecars(target.file, meta);
    Object.assign(result, { status: 'downloaded', size: written, sha256, etag, version: meta.version, publicationDate: meta.publicationDate });
    log.info('downloaded', { bytes: written, sha256, attempts: result.attempts, resumed: result.resumed });
    return result;
  } catch (err) {
    if (ctx.signal?.aborted) {
      result.status = 'cancelled';
      result.error = 'cancelled';
      log.info('cancelled');
    } else if (budget.aborted) {
      result.error = `gave up after ${Math.round(ctx.totalTimeoutMs / 1000)} s (the total time budget for one file)`;
      result.hint = 'check the connection, or allow a file more time';
      result.remedy = optionRemedy('totalTimeout');
      log.error('download failed', { error: result.error });
    } else {
      result.error = errorMessage(err);
      Object.assign(result, adviceOf(err));
      log.error('download failed', { error: result.error, attempts: result.attempts });
    }
    return result;
  } finally {
    finished = true;
    await checkpoint.catch(() => undefined);
    if (handle) {
      // Keep what a later run can continue (a validator and bytes on disk); drop the rest.
      const keep = result.status !== 'downloaded' && target.kind === 'offer' && etag !== undefined && written >= minResumableBytes && !notPriceList;
      if (keep) {
        try {
          await handle.datasync();
          await writeJournal(target.file, {
            url: result.url,
            etag: etag!,
            bytes: written,
            ...(announced !== undefined && { size: announced }),
            ...(lastModified !== undefined && { lastModified }),
          });
          log.info('kept the partial download for the next run to continue', { bytes: written });
        } catch {
          await handle.close().catch(() => undefined);
          handle = undefined;
          await removePartial(target.file).catch(() => undefined);
        }
      } else {
        await handle.close().catch(() => undefined);
        handle = undefined;
        await removePartial(target.file).catch(() => undefined);
      }
      await handle?.close().catch(() => undefined);
      // Let the worker drop the state of a hash that will never be finished.
      try {
        hasher?.dispose();
      } catch {
        // The pool itself failed; nothing is left to free.
      }
    }
    result.durationMs = Math.round(performance.now() - started);
  }
}

// A local stand-in for https://pricing.us-east-1.amazonaws.com (S3 origin behind CloudFront).
// The downloader is only as good as the server it is tested against, so this fake copies the
// protocol details the real endpoint shows (quoted MD5 ETags, conditional GETs, byte ranges,
// CloudFront's gzip size window, S3 XML errors) and can break the wire in the ways real
// networks do (RST, short bodies, stalls, slow links, range-less proxies, throttling).

import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { pipeline } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import type { FileHandle } from 'node:fs/promises';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';

export type Fault =
  | { kind: 'status'; status: number; retryAfter?: string; times?: number }
  | { kind: 'reset'; afterBytes: number; times?: number }
  | { kind: 'truncate'; afterBytes: number; times?: number }
  | { kind: 'trickle'; bytesPerTick: number; intervalMs: number; times?: number }
  | { kind: 'stall'; afterBytes: number; times?: number }
  | { kind: 'ignore-range'; times?: number }
  // What a captive portal, a proxy or a hostile host sends instead of the object: any status,
  // headers and body (an HTML login page, a gzip bomb with Content-Encoding: gzip, odd ETags).
  | { kind: 'respond'; status: number; headers?: Record<string, string>; body: Buffer | string; times?: number }
  // A 200 with a chunked body that never ends (no Content-Length), until the client hangs up.
  | { kind: 'endless'; times?: number };

export interface RequestRecord {
  method: string;
  /** URL-decoded path without query string (the raw one if it cannot be decoded). */
  path: string;
  /** The request target exactly as received. */
  url: string;
  /** 0 until the response status is decided. */
  status: number;
  /** Every request header, lower-case names (range, if-range, if-none-match, if-modified-since, accept-encoding, ...). */
  headers: Record<string, string | undefined>;
  /** Body bytes written to the socket (after compression); grows while the response streams. */
  bytesSent: number;
  /** Kind of the fault that was applied to this request, if any. */
  fault?: Fault['kind'];
}

export interface BulkPricingServer {
  url: string;
  port: number;
  requests: RequestRecord[];
  /**
   * Install a fault for an exact URL path. An array is a sequence: the first fault is used until its
   * `times` run out, then the next, and when the sequence is exhausted the path is served normally.
   * Replaces whatever was installed for that path before.
   */
  setFault(path: string, fault: Fault | readonly Fault[]): void;
  clearFaults(): void;
  /** Replace or add a file's content (new ETag + Last-Modified), e.g. to simulate AWS publishing a new version mid-download. */
  putFile(path: string, content: Buffer | string): Promise<void>;
  close(): Promise<void>;
}

export interface BulkPricingServerOptions {
  root: string;
  gzip?: boolean;
  host?: string;
  port?: number;
}

// CloudFront only compresses objects in this size window (CloudFront developer guide,
// "Serving compressed files"); outside it the origin bytes go out untouched.
const GZIP_MIN_BYTES = 1_000;
const GZIP_MAX_BYTES = 10_000_000;

// Grace time after our bytes left the socket buffer, so that a loopback peer has read them before
// we hit it with RST/FIN; without it the client could see the error before the bytes and the
// "afterBytes" a test asked for would not be observable.
const FLUSH_GRACE_MS = 15;

const CONTENT_TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.csv': 'text/csv',
  '.xml': 'application/xml',
  '.gz': 'application/gzip',
};

interface FaultSlot {
  fault: Fault;
  remaining: number; // Infinity when the fault has no `times`
}

interface EtagEntry {
  key: string;
  etag: Promise<string>;
}

class HttpAbort extends Error {}

export async function startBulkPricingServer(options: BulkPricingServerOptions): Promise<BulkPricingServer> {
  const root = path.resolve(options.root);
  const host = options.host ?? '127.0.0.1';
  const gzipEnabled = options.gzip === true;
  const requests: RequestRecord[] = [];
  const faults = new Map<string, FaultSlot[]>();
  const etags = new Map<string, EtagEntry>();
  const sockets = new Set<Socket>();

  /** Takes the current fault of a path if `applies` accepts it, consuming one of its `times`. */
  function takeFault(urlPath: string, applies: (f: Fault) => boolean): Fault | undefined {
    const queue = faults.get(urlPath);
    if (!queue || queue.length === 0) return undefined;
    const slot = queue[0];
    if (!applies(slot.fault)) return undefined;
    slot.remaining -= 1;
    if (slot.remaining <= 0) {
      queue.shift();
      if (queue.length === 0) faults.delete(urlPath);
    }
    return slot.fault;
  }

  /** Maps a decoded URL path onto the disk, or undefined when it would leave `root`. */
  function resolveUrlPath(decoded: string): string | undefined {
    if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return undefined;
    const segments = decoded.split('/');
    // S3 keys are literal, so "." / ".." can never name an object we serve; refusing them outright
    // is simpler and safer than normalising.
    if (segments.some((s) => s === '.' || s === '..')) return undefined;
    const abs = path.resolve(root, '.' + decoded);
    if (abs !== root && !abs.startsWith(root + path.sep)) return undefined;
    return abs;
  }

  function etagFor(abs: string, fh: FileHandle, st: fs.Stats): Promise<string> {
    const key = `${st.size}:${st.mtimeMs}:${st.ino}`;
    const cached = etags.get(abs);
    if (cached && cached.key === key) return cached.etag;
    const etag = md5OfHandle(fh, st.size).then((hex) => `"${hex}"`);
    etags.set(abs, { key, etag });
    etag.catch(() => {
      if (etags.get(abs)?.etag === etag) etags.delete(abs);
    });
    return etag;
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, record: RequestRecord): Promise<void> {
    const send = (status: number, headers: http.OutgoingHttpHeaders, body?: string): void => {
      record.status = status;
      const hdrs: http.OutgoingHttpHeaders = { ...baseHeaders(), ...headers };
      if (body !== undefined) {
        hdrs['content-type'] = 'application/xml';
        hdrs['content-length'] = Buffer.byteLength(body);
      }
      res.writeHead(status, hdrs);
      if (body !== undefined && req.method !== 'HEAD') {
        record.bytesSent += Buffer.byteLength(body);
        res.end(body);
      } else {
        res.end();
      }
    };

    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      send(405, { allow: 'GET, HEAD' }, s3Error('MethodNotAllowed', 'The specified method is not allowed against this resource.', record.path));
      return;
    }

    const replaced = takeFault(record.path, (f) => f.kind === 'respond' || f.kind === 'endless');
    if (replaced?.kind === 'respond') {
      record.fault = 'respond';
      record.status = replaced.status;
      const body = Buffer.from(replaced.body);
      res.writeHead(replaced.status, { ...baseHeaders(), 'content-length': body.length, ...replaced.headers });
      record.bytesSent += body.length;
      res.end(method === 'HEAD' ? undefined : body);
      return;
    }
    if (replaced?.kind === 'endless') {
      record.fault = 'endless';
      record.status = 200;
      res.writeHead(200, { ...baseHeaders(), 'content-type': 'application/json' });
      const chunk = Buffer.alloc(256 * 1024, 0x20);
      chunk[0] = 0x7b; // '{', so the start looks like JSON
      const aborted = new AbortController();
      res.once('close', () => aborted.abort());
      let first = true;
      while (!res.destroyed && !aborted.signal.aborted) {
        const ok = res.write(first ? chunk : chunk.fill(0x20, 0, 1));
        first = false;
        record.bytesSent += chunk.length;
        if (!ok && !(await drained(res, aborted.signal))) break;
      }
      return;
    }

    const statusFault = takeFault(record.path, (f) => f.kind === 'status');
    if (statusFault && statusFault.kind === 'status') {
      record.fault = 'status';
      const headers: http.OutgoingHttpHeaders = {};
      if (statusFault.retryAfter !== undefined) headers['retry-after'] = statusFault.retryAfter;
      const [code, message] = errorCodeFor(statusFault.status);
      send(statusFault.status, headers, s3Error(code, message, record.path));
      return;
    }

    const abs = isDecodable(record.url) ? resolveUrlPath(record.path) : undefined;
    if (!abs) {
      send(404, {}, s3Error('NoSuchKey', 'The specified key does not exist.', record.path));
      return;
    }

    let fh: FileHandle;
    try {
      fh = await fs.promises.open(abs, 'r');
    } catch {
      send(404, {}, s3Error('NoSuchKey', 'The specified key does not exist.', record.path));
      return;
    }
    let handedOver = false;
    try {
      // fstat on the open handle, so headers and body describe the same inode even if putFile()
      // swaps the file in between (an in-flight S3 GET also keeps serving the old object).
      const st = await fh.stat();
      if (!st.isFile()) {
        send(404, {}, s3Error('NoSuchKey', 'The specified key does not exist.', record.path));
        return;
      }
      const etag = await etagFor(abs, fh, st);
      const size = st.size;
      const mtimeSec = Math.floor(st.mtimeMs / 1000);
      const lastModified = new Date(mtimeSec * 1000).toUTCString();
      const validators: http.OutgoingHttpHeaders = { etag, 'last-modified': lastModified };
      const h = record.headers;

      // RFC 9110 §13.2.2 order: If-Match, else If-Unmodified-Since; then If-None-Match, else If-Modified-Since.
      if (h['if-match'] !== undefined) {
        if (!etagListMatches(h['if-match'], etag, false)) {
          send(412, validators, s3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', record.path));
          return;
        }
      } else if (h['if-unmodified-since'] !== undefined) {
        const t = Date.parse(h['if-unmodified-since']);
        if (!Number.isNaN(t) && mtimeSec * 1000 > t) {
          send(412, validators, s3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', record.path));
          return;
        }
      }
      if (h['if-none-match'] !== undefined) {
        if (etagListMatches(h['if-none-match'], etag, true)) {
          send(304, validators);
          return;
        }
      } else if (h['if-modified-since'] !== undefined) {
        const t = Date.parse(h['if-modified-since']);
        if (!Number.isNaN(t) && mtimeSec * 1000 <= t) {
          send(304, validators);
          return;
        }
      }

      let range: { start: number; end: number } | 'unsatisfiable' | undefined;
      const rangeHeader = h.range;
      if (rangeHeader !== undefined) {
        const ignore = takeFault(record.path, (f) => f.kind === 'ignore-range');
        if (ignore) {
          record.fault = 'ignore-range';
        } else if (ifRangeAllows(h['if-range'], etag, mtimeSec)) {
          range = parseRange(rangeHeader, size);
        }
      }
      if (range === 'unsatisfiable') {
        send(416, { ...validators, 'content-range': `bytes */${size}` }, s3Error('InvalidRange', 'The requested range is not satisfiable', record.path));
        return;
      }

      const compressible = gzipEnabled && size >= GZIP_MIN_BYTES && size <= GZIP_MAX_BYTES;
      const useGzip = compressible && range === undefined && rangeHeader === undefined && acceptsGzip(h['accept-encoding']);
      const start = range ? range.start : 0;
      const end = range ? range.end : size - 1; // inclusive; -1 for an empty file
      const headers: http.OutgoingHttpHeaders = {
        ...validators,
        'content-type': CONTENT_TYPES[path.extname(abs).toLowerCase()] ?? 'application/octet-stream',
        'accept-ranges': 'bytes',
      };
      if (compressible) headers.vary = 'Accept-Encoding';
      if (useGzip) {
        headers['content-encoding'] = 'gzip';
      } else {
        headers['content-length'] = end - start + 1;
      }
      if (range) headers['content-range'] = `bytes ${start}-${end}/${size}`;
      const status = range ? 206 : 200;

      const bodyFault =
        method === 'GET' ? takeFault(record.path, (f) => f.kind === 'reset' || f.kind === 'truncate' || f.kind === 'trickle' || f.kind === 'stall') : undefined;
      if (bodyFault) record.fault = bodyFault.kind;

      record.status = status;
      res.writeHead(status, { ...baseHeaders(), ...headers });
      if (method === 'HEAD' || end < start) {
        if (bodyFault) {
          await applyEndFault(res, bodyFault);
          return;
        }
        res.end();
        return;
      }

      handedOver = true;
      const fileStream = fh.createReadStream({ start, end, highWaterMark: 256 * 1024, autoClose: true });
      let source: Readable = fileStream;
      if (useGzip) {
        const gz = zlib.createGzip();
        source = pipeline(fileStream, gz, () => undefined);
      }
      await pumpBody(res, source, record, bodyFault);
    } finally {
      if (!handedOver) await fh.close().catch(() => undefined);
    }
  }

  /** Streams `source` to the response, shaped by a body fault (limit, pacing, final RST/FIN/stall). */
  async function pumpBody(res: http.ServerResponse, source: Readable, record: RequestRecord, fault: Fault | undefined): Promise<void> {
    const limit = fault && (fault.kind === 'reset' || fault.kind === 'truncate' || fault.kind === 'stall') ? Math.max(0, fault.afterBytes) : Infinity;
    const tick = fault && fault.kind === 'trickle' ? Math.max(1, Math.floor(fault.bytesPerTick)) : 0;
    const interval = fault && fault.kind === 'trickle' ? Math.max(0, fault.intervalMs) : 0;
    // Headers go out before the first (possibly delayed or never-sent) body byte, as on a real slow link.
    if (fault) res.flushHeaders();
    const aborted = new AbortController();
    const onClose = (): void => aborted.abort();
    res.once('close', onClose);
    try {
      if (limit > 0) {
        for await (const chunk of source as AsyncIterable<Buffer>) {
          let buf = chunk;
          if (record.bytesSent + buf.length > limit) buf = buf.subarray(0, limit - record.bytesSent);
          const pieces = tick > 0 ? splitEvery(buf, tick) : [buf];
          for (const piece of pieces) {
            if (tick > 0 && !(await sleep(interval, aborted.signal))) throw new HttpAbort();
            if (res.destroyed) throw new HttpAbort();
            const ok = res.write(piece);
            record.bytesSent += piece.length;
            if (!ok && !(await drained(res, aborted.signal))) throw new HttpAbort();
          }
          if (record.bytesSent >= limit) break;
        }
      }
    } catch (err) {
      source.destroy();
      if (!(err instanceof HttpAbort)) res.destroy(err as Error);
      return;
    } finally {
      res.off('close', onClose);
    }
    source.destroy();
    if (fault && fault.kind !== 'trickle') {
      await applyEndFault(res, fault);
    } else {
      res.end();
    }
  }

  /** What happens after the (possibly partial) body: RST, FIN, or silence. */
  async function applyEndFault(res: http.ServerResponse, fault: Fault): Promise<void> {
    const socket = res.socket;
    if (!socket) return;
    if (fault.kind === 'stall') return; // keep the socket open; close() destroys it
    if (fault.kind !== 'reset' && fault.kind !== 'truncate') {
      res.end();
      return;
    }
    res.flushHeaders();
    while (socket.writableLength > 0 && !socket.destroyed) await delay(1);
    await delay(FLUSH_GRACE_MS);
    if (socket.destroyed) return;
    if (fault.kind === 'reset') socket.resetAndDestroy();
    else socket.end();
  }

  const server = http.createServer({ keepAlive: true }, (req, res) => {
    const rawUrl = req.url ?? '/';
    const rawPath = rawUrl.split('?')[0];
    let decoded = rawPath;
    try {
      decoded = decodeURIComponent(rawPath);
    } catch {
      // keep the raw path; it will 404
    }
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const record: RequestRecord = { method: req.method ?? '', path: decoded, url: rawUrl, status: 0, headers, bytesSent: 0 };
    requests.push(record);
    // Drain any request body so keep-alive parsing stays in sync.
    req.resume();
    handle(req, res, record).catch((err: unknown) => {
      if (!res.headersSent) {
        record.status = 500;
        const body = s3Error('InternalError', `We encountered an internal error. Please try again. (${String(err)})`, record.path);
        res.writeHead(500, { ...baseHeaders(), 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      } else {
        res.destroy();
      }
    });
  });
  // CloudFront keeps viewer connections open much longer than Node's 5 s default; a longer idle
  // timeout lets tests observe connection reuse without racing the server.
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('unexpected server address');
  const port = address.port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    requests,
    setFault(urlPath: string, fault: Fault | readonly Fault[]): void {
      const list = (Array.isArray(fault) ? fault : [fault]) as readonly Fault[];
      faults.set(
        urlPath,
        list.map((f) => ({ fault: f, remaining: f.times === undefined ? Infinity : f.times })).filter((s) => s.remaining > 0),
      );
    },
    clearFaults(): void {
      faults.clear();
    },
    async putFile(urlPath: string, content: Buffer | string): Promise<void> {
      const abs = resolveUrlPath(urlPath);
      if (!abs || abs === root) throw new Error(`putFile: path outside root: ${urlPath}`);
      await fs.promises.mkdir(path.dirname(abs), { recursive: true });
      let prevSec = -Infinity;
      try {
        prevSec = Math.floor((await fs.promises.stat(abs)).mtimeMs / 1000);
      } catch {
        // new file
      }
      // Last-Modified has one-second resolution; force it forward so that If-Modified-Since and
      // date-form If-Range see a change even when two versions land within the same second.
      const mtimeSec = Math.max(Math.floor(Date.now() / 1000), prevSec + 1);
      const tmp = path.join(path.dirname(abs), `.${path.basename(abs)}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`);
      await fs.promises.writeFile(tmp, content);
      await fs.promises.utimes(tmp, mtimeSec, mtimeSec);
      // rename, not overwrite: a download already streaming the old inode keeps getting old bytes.
      await fs.promises.rename(tmp, abs);
      etags.delete(abs);
    },
    close(): Promise<void> {
      if (!closing) {
        closing = new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
          for (const s of sockets) s.destroy();
        });
      }
      return closing;
    },
  };
}

function baseHeaders(): http.OutgoingHttpHeaders {
  // What the real endpoint adds on every response (CloudFront in front of S3).
  return {
    server: 'AmazonS3',
    'x-cache': 'Miss from cloudfront',
    via: '1.1 fake0000000000000000000000000000.cloudfront.net (CloudFront)',
    'x-amz-cf-pop': 'IAD89-C1',
  };
}

function isDecodable(rawUrl: string): boolean {
  try {
    decodeURIComponent(rawUrl.split('?')[0]);
    return true;
  } catch {
    return false;
  }
}

async function md5OfHandle(fh: FileHandle, size: number): Promise<string> {
  const hash = crypto.createHash('md5');
  const buf = Buffer.allocUnsafe(1024 * 1024);
  let pos = 0;
  while (pos < size) {
    const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, size - pos), pos);
    if (bytesRead === 0) break;
    hash.update(buf.subarray(0, bytesRead));
    pos += bytesRead;
  }
  return hash.digest('hex');
}

function etagListMatches(header: string, etag: string, weak: boolean): boolean {
  const trimmed = header.trim();
  if (trimmed === '*') return true;
  const strip = (t: string): string => (weak && t.startsWith('W/') ? t.slice(2) : t);
  return trimmed
    .split(',')
    .map((t) => strip(t.trim()))
    .some((t) => t === etag);
}

function ifRangeAllows(ifRange: string | undefined, etag: string, mtimeSec: number): boolean {
  if (ifRange === undefined) return true;
  const v = ifRange.trim();
  if (v.startsWith('"') || v.startsWith('W/')) return v === etag; // strong comparison only
  const t = Date.parse(v);
  return !Number.isNaN(t) && t === mtimeSec * 1000;
}

/**
 * Single byte-range per RFC 9110 §14.1.2. Syntax errors and multi-range requests yield undefined
 * (served as a full 200, which is what S3 does for ranges it does not support).
 */
function parseRange(header: string, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m) return undefined;
  const [, a, b] = m;
  if (a === '' && b === '') return undefined;
  if (a === '') {
    const suffix = Number(b);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(a);
  let end = b === '' ? size - 1 : Number(b);
  if (b !== '' && end < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  if (end >= size) end = size - 1;
  return { start, end };
}

function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [name, ...params] = part.trim().split(';');
    if (name.trim().toLowerCase() !== 'gzip') return false;
    const q = params.map((p) => p.trim()).find((p) => p.toLowerCase().startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

function errorCodeFor(status: number): [string, string] {
  switch (status) {
    case 400:
      return ['BadRequest', 'Bad Request'];
    case 403:
      return ['AccessDenied', 'Access Denied'];
    case 404:
      return ['NoSuchKey', 'The specified key does not exist.'];
    case 429:
      return ['TooManyRequests', 'Too Many Requests'];
    case 500:
      return ['InternalError', 'We encountered an internal error. Please try again.'];
    case 503:
      return ['SlowDown', 'Please reduce your request rate.'];
    default:
      return [`Http${status}`, http.STATUS_CODES[status] ?? 'Error'];
  }
}

function s3Error(code: string, message: string, key: string): string {
  const requestId = crypto.randomBytes(8).toString('hex').toUpperCase();
  const hostId = crypto.randomBytes(32).toString('base64');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message>` +
    `<Key>${xmlEscape(key.replace(/^\//, ''))}</Key><RequestId>${requestId}</RequestId><HostId>${hostId}</HostId></Error>`
  );
}

function xmlEscape(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function splitEvery(buf: Buffer, n: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += n) out.push(buf.subarray(i, i + n));
  return out;
}

/** Resolves true after `ms`, false if the response went away first. */
async function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  try {
    await delay(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

/** Resolves true on 'drain', false if the response closed first. */
function drained(res: http.ServerResponse, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted || res.destroyed) return Promise.resolve(false);
  return new Promise<boolean>((resolve) => {
    const done = (ok: boolean): void => {
      res.off('drain', onDrain);
      signal.removeEventListener('abort', onAbort);
      resolve(ok);
    };
    const onDrain = (): void => done(true);
    const onAbort = (): void => done(false);
    res.on('drain', onDrain);
    signal.addEventListener('abort', onAbort);
  });
}

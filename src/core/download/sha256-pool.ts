import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/**
 * SHA-256 of files being downloaded, computed off the event loop.
 *
 * Hashing 512 MB costs about 0.4 CPU-seconds even with SHA extensions; on the thread that also
 * parses sockets and issues writes it roughly halves download throughput, and handing each chunk to
 * a worker costs a copy plus a message per chunk on that same thread. So the worker reads the bytes
 * back from the file itself (they are in the page cache, just written): the downloading thread only
 * says "the file is now complete up to byte N", and no chunk is held in memory for hashing.
 */
export interface FileHasher {
  /** The file is written, contiguously from byte 0, up to `upTo`. */
  advance(upTo: number): void;
  /** Forget everything: the download starts over from byte 0. */
  restart(): void;
  /** The hash of bytes [0, last `advance`). Ends the hasher. */
  digest(): Promise<string>;
  /** Abandon the hasher (failed download); frees the worker's state and file handle. */
  dispose(): void;
}

export interface Sha256Pool {
  /** Starts the worker now (it takes tens of milliseconds), so the first file does not wait for it. */
  warm(): void;
  /**
   * Hashes `file` incrementally as it is written. Files known to be small (index files) are hashed
   * on the calling thread: a worker round trip, or the worker's start-up, would cost more.
   */
  fileHasher(file: string, expectedSize?: number): FileHasher;
  /** Hashes a whole file. */
  hashFile(file: string): Promise<string>;
  close(): Promise<void>;
}

// Plain CommonJS run with `eval`, so the worker needs no file of its own next to the bundle.
const workerSource = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const buf = Buffer.allocUnsafe(1 << 20);
const states = new Map();
function close(s) { if (s && s.fd !== undefined) { try { fs.closeSync(s.fd); } catch {} s.fd = undefined; } }
function catchUp(s) {
  if (s.error) return;
  try {
    if (s.fd === undefined) s.fd = fs.openSync(s.path, 'r');
    while (s.pos < s.upTo) {
      const n = fs.readSync(s.fd, buf, 0, Math.min(buf.length, s.upTo - s.pos), s.pos);
      if (n === 0) throw new Error('file ended at byte ' + s.pos + ', expected ' + s.upTo);
      s.hash.update(n === buf.length ? buf : buf.subarray(0, n));
      s.pos += n;
    }
  } catch (err) { s.error = err; }
}
function fail(id, err) { parentPort.postMessage({ op: 'error', id, message: String((err && err.message) || err), code: err && err.code }); }
parentPort.on('message', (m) => {
  const s = states.get(m.id);
  switch (m.op) {
    case 'open': states.set(m.id, { path: m.path, fd: undefined, hash: createHash('sha256'), pos: 0, upTo: 0, error: undefined }); break;
    case 'advance': if (s) { s.upTo = Math.max(s.upTo, m.upTo); catchUp(s); } break;
    case 'restart': if (s) { s.hash = createHash('sha256'); s.pos = 0; s.upTo = 0; s.error = undefined; } break;
    case 'drop': close(s); states.delete(m.id); break;
    case 'digest':
      states.delete(m.id);
      if (!s) { fail(m.id, new Error('unknown hasher')); break; }
      catchUp(s); close(s);
      if (s.error) fail(m.id, s.error); else parentPort.postMessage({ op: 'done', id: m.id, hex: s.hash.digest('hex') });
      break;
    case 'file': {
      const f = { path: m.path, fd: undefined, hash: createHash('sha256'), pos: 0, upTo: 0, error: undefined };
      try { f.upTo = fs.statSync(m.path).size; } catch (err) { f.error = err; }
      catchUp(f); close(f);
      if (f.error) fail(m.id, f.error); else parentPort.postMessage({ op: 'done', id: m.id, hex: f.hash.digest('hex') });
      break;
    }
  }
});
`;

interface Pending {
  resolve: (hex: string) => void;
  reject: (err: Error) => void;
}

const smallFileBytes = 1 << 20;

/** Reads the file back and hashes it on the calling thread. */
function inlineFileHasher(file: string): FileHasher {
  let hash: Hash = createHash('sha256');
  let pos = 0;
  const buf = Buffer.allocUnsafe(256 << 10);
  let fd: number | undefined;
  const closeFd = (): void => {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
  };
  return {
    advance: (upTo) => {
      fd ??= openSync(file, 'r');
      while (pos < upTo) {
        const n = readSync(fd, buf, 0, Math.min(buf.length, upTo - pos), pos);
        if (n === 0) throw new Error(`file ended at byte ${pos}, expected ${upTo}`);
        hash.update(buf.subarray(0, n));
        pos += n;
      }
    },
    restart: () => {
      hash = createHash('sha256');
      pos = 0;
    },
    digest: () => {
      closeFd();
      return Promise.resolve(hash.digest('hex'));
    },
    dispose: closeFd,
  };
}

class WorkerSha256Pool implements Sha256Pool {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private failure: Error | undefined;

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    // The worker allocates almost nothing; a small heap keeps the process's footprint down.
    const worker = new Worker(workerSource, { eval: true, resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 32 } });
    worker.on('message', (m: { op: string; id: number; hex?: string; message?: string; code?: string }) => {
      const waiter = this.pending.get(m.id);
      this.pending.delete(m.id);
      this.applyRef();
      if (!waiter) return;
      if (m.op === 'done') waiter.resolve(m.hex ?? '');
      else waiter.reject(Object.assign(new Error(m.message ?? 'hashing failed'), { code: m.code }));
    });
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      if (this.pending.size > 0) this.fail(new Error(`hash worker exited with code ${code}`));
    });
    this.worker = worker;
    return worker;
  }

  // The worker is unref'd while no answer is owed (it must not keep a finished CLI alive) and ref'd
  // while one is (an unref'd worker would let the process exit in the middle of an await).
  private applyRef(): void {
    if (!this.worker) return;
    if (this.pending.size > 0) this.worker.ref();
    else this.worker.unref();
  }

  private fail(err: Error): void {
    this.failure = err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  private post(message: object): void {
    if (this.failure) throw this.failure;
    this.ensureWorker().postMessage(message);
    this.applyRef();
  }

  private request(message: { op: string; id: number; path?: string }): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.pending.set(message.id, { resolve, reject });
      this.post(message);
    });
  }

  warm(): void {
    if (!this.failure) {
      this.ensureWorker();
      this.applyRef();
    }
  }

  fileHasher(file: string, expectedSize?: number): FileHasher {
    if (expectedSize !== undefined && expectedSize < smallFileBytes) return inlineFileHasher(file);
    const id = this.nextId++;
    let opened = false;
    const open = (): void => {
      if (!opened) this.post({ op: 'open', id, path: file });
      opened = true;
    };
    return {
      advance: (upTo) => {
        open();
        this.post({ op: 'advance', id, upTo });
      },
      restart: () => {
        if (opened) this.post({ op: 'restart', id });
      },
      digest: () => {
        open();
        return this.request({ op: 'digest', id });
      },
      dispose: () => {
        if (opened && !this.failure) this.post({ op: 'drop', id });
      },
    };
  }

  hashFile(file: string): Promise<string> {
    return this.request({ op: 'file', id: this.nextId++, path: file });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }
}

/** Hashing on the calling thread: for hosts that cannot start workers, and as a baseline. */
class InlineSha256Pool implements Sha256Pool {
  warm(): void {
    // Nothing to start.
  }

  fileHasher(file: string): FileHasher {
    return inlineFileHasher(file);
  }

  hashFile(file: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const hash = createHash('sha256');
      createReadStream(file, { highWaterMark: 1 << 20 })
        .on('data', (chunk) => hash.update(chunk))
        .on('error', reject)
        .on('end', () => resolve(hash.digest('hex')));
    });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

export type HashingMode = 'worker' | 'inline';

export function createSha256Pool(mode: HashingMode = 'worker'): Sha256Pool {
  return mode === 'worker' ? new WorkerSha256Pool() : new InlineSha256Pool();
}

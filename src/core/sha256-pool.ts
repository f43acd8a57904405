import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Worker } from 'node:worker_threads';

/**
 * SHA-256 off the event loop. Hashing costs about 0.7 CPU-seconds per 512 MB on the machines we
 * measured; done on the thread that also reads sockets and issues writes it halves download
 * throughput. One worker thread hashes every stream of a run; buffers are handed over (transferred,
 * not copied, when they own their memory) after they have been written to disk.
 */
export interface Sha256Stream {
  /** Feeds bytes. The buffer must not be used afterwards: it may be transferred to the worker. */
  update(chunk: Buffer): void;
  /** Forgets everything fed so far (a resumed download that had to start over). */
  reset(): void;
  /** Resolves when the worker's backlog is small enough to feed more: this is the backpressure. */
  ready(): Promise<void>;
  digest(): Promise<string>;
}

export interface Sha256Pool {
  stream(): Sha256Stream;
  hashFile(file: string): Promise<string>;
  close(): Promise<void>;
}

// Plain CommonJS run with `eval`, so the worker needs no file of its own next to the bundle.
const workerSource = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const hashes = new Map();
parentPort.on('message', (m) => {
  try {
    if (m.op === 'update') {
      let h = hashes.get(m.id);
      if (!h) { h = createHash('sha256'); hashes.set(m.id, h); }
      h.update(new Uint8Array(m.buf, m.offset, m.length));
      parentPort.postMessage({ op: 'ack', id: m.id, length: m.length });
    } else if (m.op === 'reset') {
      hashes.delete(m.id);
    } else if (m.op === 'digest') {
      const h = hashes.get(m.id) || createHash('sha256');
      hashes.delete(m.id);
      parentPort.postMessage({ op: 'done', id: m.id, hex: h.digest('hex') });
    } else if (m.op === 'file') {
      const h = createHash('sha256');
      const fd = fs.openSync(m.path, 'r');
      const buf = Buffer.allocUnsafe(4 << 20);
      try {
        for (;;) {
          const n = fs.readSync(fd, buf, 0, buf.length, null);
          if (n === 0) break;
          h.update(n === buf.length ? buf : buf.subarray(0, n));
        }
      } finally { fs.closeSync(fd); }
      parentPort.postMessage({ op: 'done', id: m.id, hex: h.digest('hex') });
    }
  } catch (err) {
    parentPort.postMessage({ op: 'error', id: m.id, message: String(err && err.message || err), code: err && err.code });
  }
});
`;

interface Pending {
  resolve: (hex: string) => void;
  reject: (err: Error) => void;
}

// Enough to keep the worker busy while the next writes happen, small enough to keep memory flat.
const maxBacklogBytes = 16 << 20;

class WorkerSha256Pool implements Sha256Pool {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private backlog = 0;
  private outstanding = 0;
  private waiters: Array<() => void> = [];
  private failure: Error | undefined;

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(workerSource, { eval: true });
    worker.on('message', (m: { op: string; id: number; length?: number; hex?: string; message?: string; code?: string }) => {
      if (m.op === 'ack') {
        this.backlog -= m.length ?? 0;
        this.settle(-1);
        if (this.backlog <= maxBacklogBytes) this.wake();
        return;
      }
      const waiter = this.pending.get(m.id);
      this.pending.delete(m.id);
      this.settle(-1);
      if (!waiter) return;
      if (m.op === 'done') waiter.resolve(m.hex ?? '');
      else waiter.reject(Object.assign(new Error(m.message ?? 'hashing failed'), { code: m.code }));
    });
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      if (this.outstanding > 0) this.fail(new Error(`hash worker exited with code ${code}`));
    });
    this.worker = worker;
    return worker;
  }

  // The worker is unref'd while idle (it must not keep a finished CLI alive) and ref'd while any
  // answer is owed (an unref'd worker would let the process exit in the middle of an await).
  private settle(delta: number): void {
    this.outstanding += delta;
    this.applyRef();
  }

  private applyRef(): void {
    if (!this.worker) return;
    if (this.outstanding > 0) this.worker.ref();
    else this.worker.unref();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private fail(err: Error): void {
    this.failure = err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    this.backlog = 0;
    this.outstanding = 0;
    this.wake();
  }

  private post(message: object, transfer?: ArrayBuffer[]): void {
    if (this.failure) throw this.failure;
    this.ensureWorker().postMessage(message, transfer);
    this.applyRef();
  }

  private request(message: { op: string; id: number; path?: string }): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.pending.set(message.id, { resolve, reject });
      this.settle(1);
      this.post(message);
    });
  }

  stream(): Sha256Stream {
    let id = this.nextId++;
    return {
      update: (chunk: Buffer) => {
        if (chunk.length === 0) return;
        // Transfer only buffers that own their whole ArrayBuffer; a slice of a shared pool (small
        // buffers, socket reads) would detach memory other code still uses, so those are copied.
        const owned = chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength && chunk.buffer instanceof ArrayBuffer;
        const buf = owned ? (chunk.buffer as ArrayBuffer) : new Uint8Array(chunk).buffer;
        this.backlog += chunk.length;
        this.settle(1);
        this.post({ op: 'update', id, buf, offset: 0, length: chunk.length }, [buf]);
      },
      reset: () => {
        this.post({ op: 'reset', id });
        id = this.nextId++;
      },
      ready: () => {
        if (this.failure) return Promise.reject(this.failure);
        if (this.backlog <= maxBacklogBytes) return Promise.resolve();
        return new Promise<void>((resolve) => this.waiters.push(resolve));
      },
      digest: () => this.request({ op: 'digest', id }),
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

/** Hashing on the calling thread: for callers that cannot start workers, and as a baseline. */
class InlineSha256Pool implements Sha256Pool {
  stream(): Sha256Stream {
    let hash = createHash('sha256');
    return {
      update: (chunk) => void hash.update(chunk),
      reset: () => void (hash = createHash('sha256')),
      ready: () => Promise.resolve(),
      digest: () => Promise.resolve(hash.digest('hex')),
    };
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

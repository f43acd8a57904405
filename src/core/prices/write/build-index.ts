/**
 * Builds the index from offer files on worker threads: progress per file and overall,
 * cancellation that stops the parse at once (the worker is terminated), and one failed file
 * that does not stop the others.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { isTempFile } from '../../atomic-write';
import { adviceOf, errorMessage } from '../../errors';
import { prepareStore } from './store-folder';
import type { IndexFileResult } from './index-offer-file';
import type { IndexJobMessage, IndexWorkerReply } from './index-worker';
import { storeFolder } from '../store-layout';
import type { Remedy } from '../../remedy';

export interface BuildProgress {
  file: string;
  filesDone: number;
  files: number;
  bytesRead: number;
  totalBytes: number;
}

export interface BuildIndexOptions {
  store: string;
  signal?: AbortSignal;
  onProgress?: (progress: BuildProgress) => void;
  onFileDone?: (result: IndexFileResult) => void;
  /** Worker threads to use; default 1 (the extension keeps a core free for the editor). */
  workers?: number;
  /** Path of the worker script; default index-worker.js next to this module or bundle. */
  workerScript?: string;
}

export interface BuildFailure {
  file: string;
  message: string;
  hint?: string;
  remedy?: Remedy;
}

export interface BuildIndexResult {
  results: IndexFileResult[];
  failures: BuildFailure[];
  cancelled: boolean;
}

export function defaultWorkerScript(): string {
  return path.join(__dirname, 'index-worker.js');
}

export async function buildIndex(files: readonly string[], options: BuildIndexOptions): Promise<BuildIndexResult> {
  try {
    await prepareStore(options.store);
  } catch (err) {
    // No file can be indexed into an unusable store: each fails with the reason, none is parsed.
    return { results: [], failures: files.map((file) => ({ file, message: errorMessage(err), ...adviceOf(err) })), cancelled: false };
  }
  const sizes = await Promise.all(
    files.map((f) =>
      fs.stat(f).then(
        (s) => s.size,
        () => 0,
      ),
    ),
  );
  const totalBytes = sizes.reduce((a, b) => a + b, 0);
  const results: IndexFileResult[] = [];
  const failures: BuildFailure[] = [];
  const workers: Worker[] = [];
  let doneBytes = 0;
  let filesDone = 0;
  let next = 0;
  const inFlight = new Map<number, number>();
  /** `${offerCode} ${region}` -> the file whose parts took it in this build. */
  const claimed = new Map<string, string>();
  const script = options.workerScript ?? defaultWorkerScript();
  const signal = options.signal;
  if (signal?.aborted) return { results, failures, cancelled: true };

  const report = (file: string): void => {
    let current = 0;
    for (const b of inFlight.values()) current += b;
    options.onProgress?.({ file, filesDone, files: files.length, bytesRead: doneBytes + current, totalBytes });
  };

  const runWorker = (): Promise<void> =>
    new Promise<void>((resolve) => {
      const worker = new Worker(script);
      workers.push(worker);
      let current = -1;
      let settled = false;
      const finish = (): void => {
        if (settled) return;
        settled = true;
        void worker.terminate();
        resolve();
      };
      const take = (): void => {
        if (signal?.aborted || next >= files.length) return finish();
        current = next++;
        inFlight.set(current, 0);
        worker.postMessage({ type: 'index', id: current, file: files[current], store: options.store } satisfies IndexJobMessage);
      };
      worker.on('message', (reply: IndexWorkerReply) => {
        if (reply.id !== current) return;
        if (reply.type === 'claim') {
          // Two files for one offer and region would overwrite each other's part: the first keeps it.
          const file = files[current];
          const taken = reply.targets.find((t) => (claimed.get(`${t.offerCode} ${t.region}`) ?? file) !== file);
          if (!taken) for (const t of reply.targets) claimed.set(`${t.offerCode} ${t.region}`, file);
          const conflict =
            taken &&
            `${taken.offerCode} prices for ${taken.region} come from ${claimed.get(`${taken.offerCode} ${taken.region}`)} too: one build takes one file per offer and region`;
          worker.postMessage({ type: 'claimed', id: current, ...(conflict ? { conflict } : {}) } satisfies IndexJobMessage);
          return;
        }
        if (reply.type === 'progress') {
          inFlight.set(current, reply.bytesRead);
          report(files[current]);
          return;
        }
        inFlight.delete(current);
        doneBytes += sizes[current];
        filesDone++;
        if (reply.type === 'done') {
          results.push(reply.result);
          options.onFileDone?.(reply.result);
        } else {
          failures.push({ file: files[current], message: reply.message, ...(reply.advice ?? {}) });
        }
        report(files[current]);
        take();
      });
      worker.on('error', (err) => {
        if (current >= 0 && inFlight.has(current)) {
          inFlight.delete(current);
          failures.push({ file: files[current], message: `the index worker failed: ${err.message}` });
        }
        finish();
      });
      worker.on('exit', (code) => {
        if (!signal?.aborted && current >= 0 && inFlight.has(current)) {
          inFlight.delete(current);
          failures.push({ file: files[current], message: `the index worker stopped (exit code ${code}) while reading this file` });
        }
        finish();
      });
      take();
    });

  const onAbort = (): void => {
    for (const w of workers) void w.terminate();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const count = Math.max(1, Math.min(options.workers ?? 1, files.length));
    await Promise.all(Array.from({ length: count }, runWorker));
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  const cancelled = signal?.aborted ?? false;
  if (cancelled) await removeTempParts(options.store);
  return { results, failures, cancelled };
}

/** A worker stopped mid-write leaves its temporary file; the part it replaces is untouched. */
async function removeTempParts(store: string): Promise<void> {
  const root = path.join(store, storeFolder);
  for (const region of await fs.readdir(root).catch(() => [] as string[])) {
    for (const name of await fs.readdir(path.join(root, region)).catch(() => [] as string[])) {
      if (isTempFile(name)) await fs.rm(path.join(root, region, name), { force: true });
    }
  }
}

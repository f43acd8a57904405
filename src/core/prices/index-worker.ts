/**
 * Worker-thread entry: indexes the files it is sent, one at a time, so the thread that asked
 * (the extension host, the CLI) never parses a byte. Bundled as dist/index-worker.js.
 */
import { parentPort } from 'node:worker_threads';
import { PriceAtlasError, errorMessage } from '../errors';
import { indexOfferFile } from './index-files';

export interface IndexJobMessage {
  type: 'index';
  id: number;
  file: string;
  store: string;
}

export type IndexWorkerReply =
  | { type: 'progress'; id: number; bytesRead: number; totalBytes: number }
  | { type: 'done'; id: number; result: import('./index-files').IndexFileResult }
  | { type: 'failed'; id: number; message: string; hint?: string };

const port = parentPort;
if (port) {
  port.on('message', (job: IndexJobMessage) => {
    if (job.type !== 'index') return;
    let last = 0;
    indexOfferFile(job.file, job.store, {
      onProgress: (bytesRead, totalBytes) => {
        const now = Date.now();
        if (now - last < 100 && bytesRead < totalBytes) return;
        last = now;
        port.postMessage({ type: 'progress', id: job.id, bytesRead, totalBytes } satisfies IndexWorkerReply);
      },
    }).then(
      (result) => port.postMessage({ type: 'done', id: job.id, result } satisfies IndexWorkerReply),
      (err: unknown) =>
        port.postMessage({
          type: 'failed',
          id: job.id,
          message: errorMessage(err),
          ...(err instanceof PriceAtlasError && err.hint ? { hint: err.hint } : {}),
        } satisfies IndexWorkerReply),
    );
  });
}

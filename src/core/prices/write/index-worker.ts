/**
 * Worker-thread entry: indexes the files it is sent, one at a time, so the thread that asked
 * (the extension host, the CLI) never parses a byte. Bundled as dist/index-worker.js.
 */
import { parentPort } from 'node:worker_threads';
import { adviceOf, errorMessage, PriceAtlasError } from '../../errors';
import { indexOfferFile } from './index-offer-file';
import type { PartTarget } from './index-offer-file';
import type { Advice } from '../../errors';

export type IndexJobMessage =
  | { type: 'index'; id: number; file: string; store: string }
  /** The answer to a claim: `conflict` says why the parts may not be written. */
  | { type: 'claimed'; id: number; conflict?: string };

export type IndexWorkerReply =
  | { type: 'progress'; id: number; bytesRead: number; totalBytes: number }
  /** The file parsed; may it write these parts? (One file per part in a build.) */
  | { type: 'claim'; id: number; targets: PartTarget[] }
  | { type: 'done'; id: number; result: import('./index-offer-file').IndexFileResult }
  | { type: 'failed'; id: number; message: string; advice?: Advice };

const port = parentPort;
if (port) {
  const answers = new Map<number, (conflict: string | undefined) => void>();
  port.on('message', (job: IndexJobMessage) => {
    if (job.type === 'claimed') {
      answers.get(job.id)?.(job.conflict);
      answers.delete(job.id);
      return;
    }
    if (job.type !== 'index') return;
    let last = 0;
    indexOfferFile(job.file, job.store, {
      onProgress: (bytesRead, totalBytes) => {
        const now = Date.now();
        if (now - last < 100 && bytesRead < totalBytes) return;
        last = now;
        port.postMessage({ type: 'progress', id: job.id, bytesRead, totalBytes } satisfies IndexWorkerReply);
      },
      claim: (targets) =>
        new Promise<void>((resolve, reject) => {
          answers.set(job.id, (conflict) =>
            conflict === undefined
              ? resolve()
              : reject(
                  new PriceAtlasError(
                    conflict,
                    'index one file per offer and region: the one you want, or the mirror folder (index picks the newest version there)',
                  ),
                ),
          );
          port.postMessage({ type: 'claim', id: job.id, targets } satisfies IndexWorkerReply);
        }),
    }).then(
      (result) => port.postMessage({ type: 'done', id: job.id, result } satisfies IndexWorkerReply),
      (err: unknown) =>
        port.postMessage({
          type: 'failed',
          id: job.id,
          message: errorMessage(err),
          advice: adviceOf(err),
        } satisfies IndexWorkerReply),
    );
  });
}

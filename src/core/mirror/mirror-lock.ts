import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exclusiveCreate } from '../atomic-write';
import { PriceAtlasError } from '../errors';
import type { Logger } from '../logger';
import { lockFileName } from './layout';

/**
 * One writer per mirror. Two downloads into the same folder would race on the same partials and
 * sidecars (a file from one run, its `.sha256` from the other) and both report success. The lock
 * is a file created exclusively; it names its holder, and a holder that is no longer running on
 * this machine (a kill -9, a crash) leaves a stale lock that the next run takes over.
 */
export class MirrorBusyError extends PriceAtlasError {}

interface Holder {
  pid: number;
  host: string;
  startedAt: string;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(file: string): Promise<Holder | undefined> {
  try {
    const stat = await fs.lstat(file);
    if (!stat.isFile() || stat.size > 4096) return undefined;
    const value = JSON.parse(await fs.readFile(file, 'utf8')) as Holder;
    return Number.isSafeInteger(value.pid) && typeof value.host === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

export interface MirrorLock {
  release(): Promise<void>;
}

/** Takes the mirror's lock, or throws `MirrorBusyError` naming the run that holds it. */
export async function lockMirror(dir: string, logger?: Logger): Promise<MirrorLock> {
  const file = path.join(dir, lockFileName);
  const me: Holder = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await fs.open(file, exclusiveCreate, 0o644);
      await handle.writeFile(JSON.stringify(me) + '\n');
      await handle.close();
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          const holder = await readHolder(file);
          if (holder?.pid === me.pid && holder.host === me.host) await fs.rm(file, { force: true });
        },
      };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // A mirror we cannot write to can still be checked against the server (every file a 304);
      // nobody else can write to it through us either, so there is nothing to lock.
      if (code === 'EACCES' || code === 'EROFS' || code === 'EPERM') {
        logger?.info('the mirror is read-only here; running without its lock', { dir });
        return { release: () => Promise.resolve() };
      }
      if (code !== 'EEXIST') throw err;
    }
    const holder = await readHolder(file);
    const stale = holder === undefined ? await olderThan(file, 60_000) : holder.host === me.host && !isRunning(holder.pid);
    if (!stale) {
      throw new MirrorBusyError(
        holder
          ? `another download (process ${holder.pid} on ${holder.host}, started ${holder.startedAt}) is writing to ${dir}`
          : `another download is writing to ${dir}`,
        `wait for it to finish; if no download is running, delete ${file}`,
      );
    }
    await fs.rm(file, { force: true });
  }
  throw new MirrorBusyError(`could not take the lock ${file}`, `if no download is running, delete ${file}`);
}

async function olderThan(file: string, ms: number): Promise<boolean> {
  try {
    const stat = await fs.lstat(file);
    return Date.now() - stat.mtimeMs > ms;
  } catch {
    return true;
  }
}

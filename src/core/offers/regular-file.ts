/**
 * Offer files are read only when they are regular files. A FIFO blocks its reader until someone
 * writes (a thread of libuv's pool waits forever, and with it the process's exit); /dev/zero and
 * its kind never end; a symlink can point at either. So the type is checked before opening, and
 * again on the opened descriptor (the name may have been swapped in between), and the open itself
 * never waits: O_NONBLOCK makes opening a FIFO return at once.
 */
import { constants as fsConstants, promises as fs } from 'node:fs';
import type { Stats } from 'node:fs';
import { PriceAtlasError } from '../errors';

/** What a file is, in words, for messages. */
export function describeFileType(stat: Stats): string {
  if (stat.isFile()) return 'a regular file';
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a file';
}

export class NotRegularFileError extends PriceAtlasError {
  constructor(
    readonly file: string,
    stat: Stats,
  ) {
    super(
      `${file} is ${describeFileType(stat)}, not a regular file: offer files are read only from regular files`,
      'give the offer files a download wrote (or their mirror folder), not a device, pipe or a link to one',
    );
  }
}

/** Throws NotRegularFileError unless `stat` (links followed) is a regular file. */
export function assertRegularFile(file: string, stat: Stats): void {
  if (!stat.isFile()) throw new NotRegularFileError(file, stat);
}

export interface OpenedFile {
  handle: fs.FileHandle;
  /** The size when opened: readers read no further, so a file that grows (or a pseudo-file) cannot feed them forever. */
  size: number;
}

const readNoWait = fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0);

/** Opens `file` for reading if, and only if, it is a regular file. */
export async function openRegularFile(file: string): Promise<OpenedFile> {
  assertRegularFile(file, await fs.stat(file));
  const handle = await fs.open(file, readNoWait);
  try {
    const stat = await handle.stat();
    assertRegularFile(file, stat);
    return { handle, size: stat.size };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

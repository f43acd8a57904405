/**
 * Folders and files only their owner may read (0700 / 0600), for data that says something about
 * an AWS account (the Cost Explorer cache: account id, what each service costs). Made that way,
 * and tightened when found wider, except where tightening would take something from others: a
 * shared sticky folder such as /tmp, or a folder of another user. On Windows modes mean nothing
 * and the folder is only created.
 */
import { promises as fs } from 'node:fs';
import { ensureDir } from './atomic-write';

export const privateDirMode = 0o700;
export const privateFileMode = 0o600;

const groupOrOther = 0o077;
const sticky = 0o1000;

const posix = process.platform !== 'win32';

function ownedByUs(uid: number): boolean {
  return process.getuid === undefined || uid === process.getuid();
}

/**
 * Creates `dir` (and missing parents) as 0700, or tightens it to 0700. Returns why it was left
 * wider, when it was; the caller warns.
 */
export async function ensurePrivateDir(dir: string): Promise<string | undefined> {
  await ensureDir(dir, privateDirMode);
  if (!posix) return undefined;
  const stat = await fs.stat(dir);
  if ((stat.mode & groupOrOther) === 0) return undefined;
  if (stat.mode & sticky) return 'it is a shared folder (sticky, like /tmp), so its mode is left as it is';
  if (!ownedByUs(stat.uid)) return 'it belongs to another user, so its mode is left as it is';
  await fs.chmod(dir, privateDirMode);
  return undefined;
}

/** Tightens an existing file to 0600; a missing file or a symbolic link (replaced on the next write) is left. */
export async function tightenPrivateFile(file: string): Promise<void> {
  if (!posix) return;
  let stat;
  try {
    stat = await fs.lstat(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  if (stat.isFile() && (stat.mode & groupOrOther) !== 0 && ownedByUs(stat.uid)) await fs.chmod(file, privateFileMode);
}

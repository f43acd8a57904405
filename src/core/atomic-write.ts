import { randomBytes } from 'node:crypto';
import { constants as fsConstants, promises as fs } from 'node:fs';
import * as path from 'node:path';

/** A temporary name in the same folder as `file`, so the final rename never crosses a filesystem. */
export function tempPathFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.part`);
}

/** Open flags for a new temporary file: create it, fail if the name exists, never follow a link. */
export const exclusiveCreate = fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL | (fsConstants.O_NOFOLLOW ?? 0);

/** The same, open for reading too (a download reads its head back to check it). */
export const exclusiveCreateReadWrite = (exclusiveCreate & ~fsConstants.O_WRONLY) | fsConstants.O_RDWR;

/** True for the temporary files `tempPathFor` makes, so listings and mirrors can skip them. */
export function isTempFile(name: string): boolean {
  return /^\..+\.[0-9a-f]{12}\.part$/.test(path.basename(name));
}

export interface AtomicWriteOptions {
  /**
   * Exact permission bits of the new file (chmod'ed, so the umask cannot widen or narrow them);
   * default 0644 less the umask.
   */
  mode?: number;
}

/**
 * Writes a small file so that readers see either the old content or the new, never a mix: write a
 * temporary file, flush it to disk, rename it over the target.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temp = tempPathFor(file);
  // Created here or not at all, never through a link that happens to have the same name; a
  // private file is private from its first byte, not after the rename.
  const handle = await fs.open(temp, exclusiveCreate, options.mode ?? 0o644);
  try {
    if (options.mode !== undefined && process.platform !== 'win32') await handle.chmod(options.mode);
    await handle.writeFile(data);
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await fs.rm(temp, { force: true });
    throw err;
  }
  await handle.close();
  try {
    await fs.rename(temp, file);
  } catch (err) {
    await fs.rm(temp, { force: true });
    throw err;
  }
  await syncDir(path.dirname(file));
}

/** Makes a rename durable. Best effort: some filesystems refuse to open or fsync a directory. */
export async function syncDir(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Durability of the directory entry is a bonus, not a requirement for correctness here.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * Creates a folder and its parents one level at a time. Node's own recursive mkdir never returns
 * on some pseudo-filesystems (`/proc/x/y` spins forever on Linux), so folders named by the user
 * are made here first; recursive mkdir is only used below a folder that exists. `mode` applies to
 * the folders created, not to ones that exist.
 */
export async function ensureDir(dir: string, mode?: number): Promise<void> {
  const target = path.resolve(dir);
  const missing: string[] = [];
  for (let current = target; ; current = path.dirname(current)) {
    try {
      const stat = await fs.stat(current);
      if (!stat.isDirectory()) throw Object.assign(new Error(`${current} is not a folder`), { code: 'ENOTDIR' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      missing.unshift(current);
      if (path.dirname(current) === current) break;
    }
  }
  for (const folder of missing) {
    try {
      // `mode` is for every folder made here (less the umask), as for `mkdir -p -m`.
      await fs.mkdir(folder, mode);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

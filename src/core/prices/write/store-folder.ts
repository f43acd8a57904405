/**
 * The store is a folder of index parts we write, so it must be a folder on a real filesystem.
 * Kernel pseudo-filesystems are refused (/proc, /sys, /dev but /dev/shm, or the same mounted
 * elsewhere): writes there configure the kernel or go nowhere, and Node's recursive mkdir even
 * spins forever under /proc. Checked once, before any offer is parsed, so `--store /proc/self`
 * fails at once instead of after the parse.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ensureDir } from '../../atomic-write';
import { UsageError, errorMessage } from '../../errors';
import { describeFileType } from '../../offers/regular-file';
import { storeFolder } from '../store-layout';
import { optionRemedy } from '../../remedy';

const systemRoots = ['/proc', '/sys', '/dev'];
/** tmpfs under /dev that programs do use for files. */
const allowedUnderSystem = ['/dev/shm'];

/** statfs magic numbers (linux/magic.h) of pseudo-filesystems, wherever they are mounted. */
const pseudoFilesystems: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'procfs'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0xcafe4a11, 'bpffs'],
]);

const storeRemedy = { remedy: optionRemedy('store') };
const storeHint = 'choose a folder of your own for the index (by default .aws-pricing/.index)';

function isInside(dir: string, root: string): boolean {
  return dir === root || dir.startsWith(`${root}/`);
}

/** The real path of `dir`, or of its nearest existing parent when it does not exist yet. */
async function nearestReal(dir: string): Promise<string> {
  for (let current = dir; ; current = path.dirname(current)) {
    try {
      return await fs.realpath(current);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || path.dirname(current) === current) throw err;
    }
  }
}

async function systemFolder(real: string): Promise<string | undefined> {
  if (process.platform === 'win32') return undefined;
  const root = systemRoots.find((r) => isInside(real, r));
  if (root && !allowedUnderSystem.some((a) => isInside(real, a))) return root;
  if (process.platform !== 'linux') return undefined;
  const type = await fs.statfs(real).then(
    (s) => pseudoFilesystems.get(s.type),
    () => undefined,
  );
  return type ? `a ${type} mount` : undefined;
}

/** Checks the store folder and makes it (and its parts folder); returns its resolved path. */
export async function prepareStore(store: string): Promise<string> {
  const dir = path.resolve(store);
  const system = await systemFolder(await nearestReal(dir));
  if (system) throw new UsageError(`the store ${store} is inside ${system}, a system folder, not a place for files`, storeHint, storeRemedy);
  const stat = await fs.stat(dir).catch(() => undefined);
  if (stat && !stat.isDirectory()) throw new UsageError(`the store ${store} is ${describeFileType(stat)}, not a folder`, storeHint, storeRemedy);
  try {
    await ensureDir(path.join(dir, storeFolder));
  } catch (err) {
    throw new UsageError(`cannot use ${store} as the store: ${errorMessage(err)}`, storeHint, storeRemedy);
  }
  return dir;
}

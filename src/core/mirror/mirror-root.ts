import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureDir } from '../atomic-write';
import { UnsafeNameError, UsageError, errorMessage } from '../errors';
import { optionRemedy } from '../remedy';

/**
 * The mirror folder as a guarded root. A price-list endpoint or a cloned repository is not
 * trusted: a repository can commit `.aws-pricing` (or any folder under it) as a symlink to
 * `~/.ssh`, and an endpoint names the paths we write. So every folder between the root and a file
 * is checked with lstat (a symlink is refused, never followed), the real path of the folder is
 * checked to be inside the root's before each write and rename, and the root itself may not be a
 * version-control or editor folder, the workspace root or `/`.
 */

/** Folders whose content runs code or configures tools: nothing we download may land in them. */
const forbiddenNames = new Set(['.git', '.hg', '.svn', '.vscode']);

export interface OutputFolderOptions {
  /** Folders the output may not be (a workspace root, the CLI's working directory). */
  notEqualTo?: readonly string[];
  /**
   * The user named this folder themselves (a CLI flag): it may be a symlink. A default or a
   * workspace setting may not, because the repository decides what it points to.
   */
  explicit?: boolean;
  /** For a folder given relative to a workspace: no symlink between this base and the folder. */
  base?: string;
}

function describe(dir: string): string {
  return JSON.stringify(dir);
}

/** Refuses a folder by its name alone: `/`, the home folder, inside `.git`/`.hg`/`.svn`/`.vscode`, a workspace root. */
export function refuseOutputFolder(dir: string, options: OutputFolderOptions = {}): void {
  const resolved = path.resolve(dir);
  const parts = resolved.split(path.sep).filter(Boolean);
  const bad = parts.find((p) => forbiddenNames.has(p));
  if (bad) {
    throw new UsageError(
      `${describe(resolved)} is inside a ${bad} folder; price lists are not written there (it holds configuration that tools run)`,
      'choose a folder of its own, such as .aws-pricing in your project',
    );
  }
  if (path.dirname(resolved) === resolved) {
    throw new UsageError(`the output folder cannot be the filesystem root ${describe(resolved)}`, 'choose a folder of its own, such as ./.aws-pricing');
  }
  if (resolved === path.resolve(os.homedir())) {
    throw new UsageError(`the output folder cannot be your home folder ${describe(resolved)}`, 'choose a folder of its own, such as ~/aws-pricing');
  }
  for (const root of options.notEqualTo ?? []) {
    if (path.resolve(root) === resolved) {
      throw new UsageError(`the output folder cannot be the workspace folder itself (${describe(resolved)})`, 'choose a subfolder, such as .aws-pricing');
    }
  }
}

/** A mirror folder that has been checked, with its real path. */
export interface MirrorRoot {
  /** The folder as given (resolved). Paths inside the mirror are built from it. */
  readonly dir: string;
  /** Its real path, symlinks resolved once at the start. */
  readonly real: string;
  /**
   * Makes the folders from the root down to `file`'s folder, one at a time, refusing any that
   * is a symlink or not a folder; then checks the folder's real path lies inside the root.
   */
  prepareDirFor(file: string): Promise<void>;
  /** Before a write or a rename into `file`'s folder: the folder is still inside the root. */
  assertInside(file: string): Promise<void>;
}

function relativeParts(root: string, target: string): string[] {
  const relative = path.relative(root, target);
  if (relative === '') return [];
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new UnsafeNameError(`${describe(target)} is outside the mirror ${describe(root)}; refused`);
  }
  return relative.split(path.sep);
}

async function lstatOrUndefined(p: string): Promise<import('node:fs').Stats | undefined> {
  try {
    return await fs.lstat(p);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Walks `parts` below `from`, lstat-ing each; makes missing folders when `create`. */
async function walkNoFollow(from: string, parts: readonly string[], create: boolean, what: string): Promise<void> {
  let current = from;
  for (const part of parts) {
    current = path.join(current, part);
    const stat = await lstatOrUndefined(current);
    if (!stat) {
      if (!create) return;
      try {
        await fs.mkdir(current);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const again = await fs.lstat(current);
      if (!again.isDirectory()) throw new UnsafeNameError(`${describe(current)} is not a folder; refused`);
      continue;
    }
    if (stat.isSymbolicLink()) {
      throw new UnsafeNameError(
        `${describe(current)} is a symbolic link; ${what} never follows links (a repository could point it anywhere)`,
        `remove the link, or pass the real folder explicitly`,
      );
    }
    if (!stat.isDirectory()) throw new UnsafeNameError(`${describe(current)} is not a folder; refused`);
  }
}

/**
 * Checks and creates the mirror folder. Refused: a forbidden name (see `refuseOutputFolder`), by
 * its own path and by its real path; a symlink as the folder or between `base` and it, unless
 * `explicit`.
 */
export async function openMirrorRoot(dir: string, options: OutputFolderOptions = {}): Promise<MirrorRoot> {
  const resolved = path.resolve(dir);
  refuseOutputFolder(resolved, options);
  if (!options.explicit) {
    const base = options.base ? path.resolve(options.base) : path.dirname(resolved);
    const parts = relativeParts(base, resolved);
    try {
      await walkNoFollow(base, parts, false, 'Price Atlas');
    } catch (err) {
      // The output folder itself is the user's choice to fix: a usage error (exit 2), like a refused name.
      if (err instanceof UnsafeNameError) throw new UsageError(err.message, err.hint);
      throw err;
    }
  }
  try {
    await ensureDir(resolved);
  } catch (err) {
    throw new UsageError(`cannot use the output folder ${describe(resolved)}: ${errorMessage(err)}`, 'choose a download folder you can write to', {
      remedy: optionRemedy('outputDir'),
    });
  }
  if (!options.explicit) {
    const stat = await fs.lstat(resolved);
    if (stat.isSymbolicLink()) {
      throw new UsageError(
        `the output folder ${describe(resolved)} is a symbolic link; refused`,
        'remove the link, or name the real folder as the download folder',
        {
          remedy: optionRemedy('outputDir'),
        },
      );
    }
  }
  for (const vcs of ['.git', '.hg', '.svn']) {
    if (await lstatOrUndefined(path.join(resolved, vcs))) {
      throw new UsageError(
        `${describe(resolved)} is the root of a repository (it has ${vcs}); price lists are not written among its files`,
        'choose a subfolder of its own, such as .aws-pricing',
      );
    }
  }
  const real = await fs.realpath(resolved);
  refuseOutputFolder(real, { notEqualTo: (options.notEqualTo ?? []).map((p) => path.resolve(p)) });
  const inside = async (file: string): Promise<void> => {
    const folder = path.dirname(path.resolve(file));
    const realFolder = await fs.realpath(folder);
    const rel = path.relative(real, realFolder);
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      throw new UnsafeNameError(`${describe(folder)} resolves to ${describe(realFolder)}, outside the mirror ${describe(real)}; refused`);
    }
  };
  return {
    dir: resolved,
    real,
    async prepareDirFor(file) {
      const parts = relativeParts(resolved, path.dirname(path.resolve(file)));
      await walkNoFollow(resolved, parts, true, 'the mirror');
      await inside(file);
    },
    assertInside: inside,
  };
}

/** A regular file at `file` (not a link, a device or a FIFO), with its size; undefined when absent or not regular. */
export async function regularFile(file: string): Promise<{ size: number } | undefined> {
  const stat = await lstatOrUndefined(file);
  return stat?.isFile() ? { size: stat.size } : undefined;
}

/**
 * Scanning files and folders from disk (the CLI's `scan`, a workspace-wide scan in the editor):
 * walks folders (skipping dependency and tool caches), reads each file once, gives each file the
 * region facts of its folder (a Terraform module is a folder; `main.tf` alone still sees
 * `variables.tf` and `terraform.tfvars` next to it) and of the nearest Pulumi project or SAM app
 * above it, then recognises it.
 */
import { promises as fs } from 'node:fs';
import type { Dirent, Stats } from 'node:fs';
import * as path from 'node:path';
import type { IacScan } from './finding';
import { collectFacts, isFactsFileName, isIacFileName, recognise } from './recognise';
import type { FileFacts, RecogniseContext } from './region-facts';

/** Folders never worth reading: dependencies, build output, virtualenvs. Dot-folders are skipped too. */
export const skippedFolderNames: ReadonlySet<string> = new Set(['node_modules', 'bower_components', 'cdk.out', '__pycache__', 'venv', 'site-packages']);

/** Larger files are generated data (offer files, bundles), not configuration someone types. */
export const maxScanBytes = 4 * 1024 * 1024;

export interface ScanProblem {
  path: string;
  message: string;
}

export interface ScannedFile {
  file: string;
  /** The text recognised, for readers that need more than the findings (the cost model). */
  text: string;
  scan: IacScan;
}

export interface ScanResult {
  files: ScannedFile[];
  /** Paths that could not be read (named, with the reason). */
  problems: ScanProblem[];
  /** Files left out on purpose (too large). */
  skipped: ScanProblem[];
}

function skipFolder(name: string): boolean {
  return name.startsWith('.') || skippedFolderNames.has(name);
}

/** `ENOENT: no such file or directory`, without the syscall and path Node appends. */
function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (!e?.code) return String(err);
  const text = (e.message ?? '')
    .replace(/^\w+: /, '')
    .split(',')[0]!
    .trim();
  return text ? `${e.code}: ${text}` : e.code;
}

/** Every IaC file under the given paths (files are taken as given; folders are walked). */
export async function listIacFiles(roots: readonly string[]): Promise<{ files: string[]; problems: ScanProblem[] }> {
  const files = new Set<string>();
  const problems: ScanProblem[] = [];
  const seenDirs = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    let real: string;
    try {
      real = await fs.realpath(dir);
    } catch (err) {
      problems.push({ path: dir, message: describe(err) });
      return;
    }
    if (seenDirs.has(real)) return; // a symlink loop, or the same folder named twice
    seenDirs.add(real);
    let entries: Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (err) {
      problems.push({ path: dir, message: describe(err) });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const full = path.join(dir, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        const st = await fs.stat(full).catch(() => undefined);
        isDir = st?.isDirectory() ?? false;
        isFile = st?.isFile() ?? false;
      }
      if (isDir) {
        if (!skipFolder(e.name)) await walk(full);
      } else if (isFile && isIacFileName(e.name)) {
        files.add(full);
      }
    }
  };
  for (const root of roots) {
    const abs = path.resolve(root);
    let st: Stats;
    try {
      st = await fs.stat(abs);
    } catch (err) {
      problems.push({ path: root, message: describe(err) });
      continue;
    }
    if (st.isDirectory()) await walk(abs);
    else files.add(abs);
  }
  return { files: [...files].sort(), problems };
}

/** Reads files and folder facts once each, then recognises every file with its folder's facts. */
export class FolderFacts {
  private readonly byDir = new Map<string, Promise<FileFacts[]>>();

  /** The facts of every facts file in `dir` (Terraform files, tfvars, Pulumi stacks, samconfig). */
  async ofFolder(dir: string): Promise<FileFacts[]> {
    let pending = this.byDir.get(dir);
    if (!pending) {
      pending = this.read(dir);
      this.byDir.set(dir, pending);
    }
    return pending;
  }

  private async read(dir: string): Promise<FileFacts[]> {
    const names = await fs.readdir(dir).catch(() => [] as string[]);
    const out: FileFacts[] = [];
    for (const name of names.sort()) {
      if (!isFactsFileName(name)) continue;
      const file = path.join(dir, name);
      const st = await fs.stat(file).catch(() => undefined);
      if (!st?.isFile() || st.size > maxScanBytes) continue;
      const text = await fs.readFile(file, 'utf8').catch(() => undefined);
      const facts = text === undefined ? undefined : collectFacts(file, text);
      if (facts) out.push(facts);
    }
    return out;
  }

  /**
   * The context for a file: its folder's facts, plus the stack facts (Pulumi stacks, samconfig) of
   * the nearest folder above that has any, up to four levels (a Pulumi program in `src/`).
   */
  async contextFor(file: string): Promise<RecogniseContext> {
    const dir = path.dirname(file);
    const facts = [...(await this.ofFolder(dir))];
    if (!facts.some((f) => f.stacks.length > 0)) {
      let up = dir;
      for (let i = 0; i < 4; i++) {
        const parent = path.dirname(up);
        if (parent === up) break;
        up = parent;
        const stacks = (await this.ofFolder(up)).filter((f) => f.stacks.length > 0);
        if (stacks.length > 0) {
          facts.push(...stacks.map((f) => ({ ...f, providers: [], variables: new Map(), assignments: new Map(), locals: new Map() })));
          break;
        }
      }
    }
    return { facts };
  }
}

export async function scanFiles(files: readonly string[], facts = new FolderFacts()): Promise<ScanResult> {
  const result: ScanResult = { files: [], problems: [], skipped: [] };
  for (const file of files) {
    let text: string;
    try {
      const st = await fs.stat(file);
      if (st.size > maxScanBytes) {
        result.skipped.push({ path: file, message: `larger than ${maxScanBytes / 1024 / 1024} MiB` });
        continue;
      }
      text = await fs.readFile(file, 'utf8');
    } catch (err) {
      result.problems.push({ path: file, message: describe(err) });
      continue;
    }
    const context = await facts.contextFor(file);
    result.files.push({ file, text, scan: recognise({ fileName: file, text }, context) });
  }
  return result;
}

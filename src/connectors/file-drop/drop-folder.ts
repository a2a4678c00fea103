import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { type FileStat, MARKER_SUFFIX } from './file-readiness.ts';

/**
 * The drop folder on disk: `<dir>` is the inbox the ERP writes into; `archive/` and
 * `quarantine/` are created inside it. Moves are renames within one file system (atomic).
 */
export class DropFolder {
  readonly dir: string;
  readonly archiveDir: string;
  readonly quarantineDir: string;

  constructor(dir: string) {
    this.dir = dir;
    this.archiveDir = join(dir, 'archive');
    this.quarantineDir = join(dir, 'quarantine');
  }

  async prepare(): Promise<void> {
    await mkdir(this.archiveDir, { recursive: true });
    await mkdir(this.quarantineDir, { recursive: true });
  }

  /** Regular files of the inbox and the names of markers among them. */
  async list(): Promise<{ files: FileStat[]; names: Set<string> }> {
    const entries = await readdir(this.dir, { withFileTypes: true });
    const files: FileStat[] = [];
    const names = new Set<string>();
    for (const e of entries) {
      if (!e.isFile()) continue;
      names.add(e.name);
      try {
        const s = await stat(join(this.dir, e.name));
        files.push({ name: e.name, size: s.size, mtimeMs: s.mtimeMs });
      } catch {
        // gone between listing and stat (renamed by its writer): seen again next scan, or not
      }
    }
    return { files, names };
  }

  read(name: string): Promise<Buffer> {
    return readFile(join(this.dir, name));
  }

  /** Moves a processed file (and its marker) to `archive/`; returns its new path. */
  archive(name: string): Promise<string> {
    return this.moveOut(name, this.archiveDir);
  }

  /** Moves a refused file (and its marker) to `quarantine/` with `<name>.report.txt` beside it. */
  async quarantine(name: string, report: string): Promise<string> {
    const to = await this.moveOut(name, this.quarantineDir);
    await writeFile(`${to}.report.txt`, report, 'utf8');
    return to;
  }

  private async moveOut(name: string, dir: string): Promise<string> {
    const to = await freePath(dir, name);
    await rename(join(this.dir, name), to);
    await unlink(join(this.dir, name + MARKER_SUFFIX)).catch(() => undefined);
    return to;
  }
}

/** `dir/name`, or `dir/<stem>.2<ext>`, `.3`… when a file of that name was archived before. */
async function freePath(dir: string, name: string): Promise<string> {
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 1; ; n++) {
    const candidate = join(dir, n === 1 ? name : `${stem}.${n}${ext}`);
    try {
      await stat(candidate);
    } catch {
      return candidate;
    }
  }
}

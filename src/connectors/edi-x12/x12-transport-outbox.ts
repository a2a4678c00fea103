import { mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The folder the hub writes its interchanges into, for the partner (or the SFTP/AS2 agent) to
 * collect. A file appears whole or not at all: it is written under a hidden `.tmp` name, flushed
 * to disk, then renamed — the same rule the hub applies to what it reads (never a half-written file).
 */
export class X12Outbox {
  readonly dir: string;
  private counter = 0;

  constructor(dir: string) {
    this.dir = dir;
  }

  async prepare(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
  }

  /** Writes `name` atomically (replacing a file of that name); returns its path. */
  async write(name: string, text: string): Promise<string> {
    await this.prepare();
    const path = join(this.dir, name);
    const tmp = join(this.dir, `.${name}.${process.pid}.${++this.counter}.tmp`);
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(tmp, path);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
    return path;
  }

  /** Files ready for the partner (hidden and temporary files left out), by name. */
  async list(): Promise<string[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    return names.filter((n) => !n.startsWith('.')).sort();
  }

  read(name: string): Promise<string> {
    return readFile(join(this.dir, name), 'utf8');
  }
}

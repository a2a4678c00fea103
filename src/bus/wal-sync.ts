import { type FileHandle, open } from 'node:fs/promises';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../store/index.ts';

/**
 * Group commit on SQLite without blocking the event loop on the disk. better-sqlite3 runs a commit
 * synchronously, fsync included (`synchronous = FULL`): a few milliseconds of a stalled process per
 * commit on a busy disk. Instead, `commit` runs the transaction with `synchronous = NORMAL` (WAL
 * frames written to the OS, no fsync) and then fdatasyncs the `-wal` file on libuv's thread pool;
 * it resolves only after that, so what it wrote is on disk exactly as with FULL — everything in the
 * WAL up to the end, this transaction included (SQLite syncs the WAL before any checkpoint copies
 * it, so frames never leave it unsynced). Meanwhile the process serves requests and the ledger.
 * An in-memory database has nothing to sync.
 */
export class WalSync {
  private wal: Promise<string | null> | null = null;
  private handle: Promise<FileHandle> | null = null;

  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Runs `body` in one transaction committed without fsync, calls `visible` (readers in this
   * process may look now: anything they commit durably makes this durable too, being earlier in
   * the WAL), then makes it durable off the event loop.
   */
  async commit(body: (tx: Transaction<Database>) => Promise<void>, visible?: () => void): Promise<void> {
    const wal = await this.walFile();
    await this.db.connection().execute(async (conn) => {
      await sql`pragma synchronous = NORMAL`.execute(conn);
      try {
        await conn.transaction().execute(body);
      } finally {
        await sql`pragma synchronous = FULL`.execute(conn);
      }
    });
    visible?.();
    if (wal === null) return;
    // One handle kept open (SQLite keeps the -wal file while the store is open; it resets it in
    // place, never replaces it); on any failure it is reopened once before giving up.
    try {
      this.handle ??= open(wal, 'r');
      await (await this.handle).datasync();
    } catch {
      await this.close();
      this.handle = open(wal, 'r');
      await (await this.handle).datasync();
    }
  }

  /** Lets go of the WAL file handle. */
  async close(): Promise<void> {
    const h = this.handle;
    this.handle = null;
    await h?.then((fh) => fh.close()).catch(() => undefined);
  }

  private walFile(): Promise<string | null> {
    this.wal ??= sql<{ file: string }>`select file from pragma_database_list where name = 'main'`
      .execute(this.db)
      .then((r) => {
        const file = r.rows[0]?.file ?? '';
        return file === '' ? null : `${file}-wal`;
      });
    return this.wal;
  }
}

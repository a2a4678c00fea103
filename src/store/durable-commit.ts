import { type FileHandle, open } from 'node:fs/promises';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from './schema.ts';

/** The work of one durable commit: runs inside the transaction and returns what the caller gets. */
export type DurableBody<T> = (tx: Transaction<Database>) => Promise<T>;

/**
 * Durable commits that do not block the event loop on the disk. better-sqlite3 runs a commit
 * synchronously, fsync included (`synchronous = FULL`): a few milliseconds of a stalled process per
 * commit on a busy disk. On an SQLite file, `commit` instead runs the transaction with
 * `synchronous = NORMAL` (WAL frames written to the OS, no fsync), calls `visible`, and then
 * fdatasyncs the `-wal` file on libuv's thread pool; it resolves only after that, so what it wrote
 * is on disk exactly as with FULL — everything in the WAL up to the end, this transaction included
 * (WAL frames are sequential, and SQLite syncs the WAL before any checkpoint copies it, so frames
 * never leave it unsynced). Meanwhile the process serves requests. An in-memory SQLite database has
 * nothing to sync (a plain transaction); a PostgreSQL commit does not block the event loop (a plain
 * transaction, the server's own durability).
 */
export interface DurableCommitter {
  /**
   * Runs `body` in one transaction and resolves with its result once the commit is durable. A
   * failing body rolls the transaction back and rejects (neither `visible` nor the sync runs).
   * `visible` is called as soon as the transaction committed, before the sync: readers in this
   * process may look now (anything they commit durably makes this durable too, being earlier in
   * the WAL) — but nobody outside may be told yet.
   */
  commit<T>(body: DurableBody<T>, visible?: (result: T) => void): Promise<T>;
  /** Lets go of the WAL file handle (the store's `close` calls it). */
  close(): Promise<void>;
}

/**
 * The committer for one store connection. `walFile` is the `-wal` file of an SQLite file store
 * (null for SQLite `:memory:` and for PostgreSQL: plain transactions).
 */
export function durableCommitter(db: Kysely<Database>, walFile: string | null): DurableCommitter {
  if (walFile === null) {
    return {
      async commit<T>(body: DurableBody<T>, visible?: (result: T) => void): Promise<T> {
        const result = await db.transaction().execute(body);
        visible?.(result);
        return result;
      },
      close: async () => undefined,
    };
  }
  return new WalCommitter(db, walFile);
}

class WalCommitter implements DurableCommitter {
  private handle: Promise<FileHandle> | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly walFile: string,
  ) {}

  async commit<T>(body: DurableBody<T>, visible?: (result: T) => void): Promise<T> {
    const result = await this.db.connection().execute(async (conn) => {
      await sql`pragma synchronous = NORMAL`.execute(conn);
      try {
        return await conn.transaction().execute(body);
      } finally {
        await sql`pragma synchronous = FULL`.execute(conn);
      }
    });
    visible?.(result);
    await this.sync();
    return result;
  }

  async close(): Promise<void> {
    const h = this.handle;
    this.handle = null;
    await h?.then((fh) => fh.close()).catch(() => undefined);
  }

  /**
   * fdatasync of the `-wal` file on the thread pool. One handle is kept open (SQLite keeps the
   * `-wal` file while the store is open; it resets it in place, never replaces it); on any failure
   * it is reopened once before giving up.
   */
  private async sync(): Promise<void> {
    try {
      this.handle ??= open(this.walFile, 'r');
      await (await this.handle).datasync();
    } catch {
      await this.close();
      this.handle = open(this.walFile, 'r');
      await (await this.handle).datasync();
    }
  }
}

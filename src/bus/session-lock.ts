import { type Kysely, sql } from 'kysely';
import type { Database } from '../store/index.ts';

/**
 * A PostgreSQL session-level advisory lock held on a connection of its own: while this process
 * holds it, no other session can; when the process dies, its connection closes and the server
 * releases the lock at once. The key is derived from the schema and a name, so suites or hubs in
 * different schemas of one database do not contend.
 */
export class SessionLock {
  private conn: Kysely<Database> | null = null;
  private returnConn: (() => void) | null = null;
  private done: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly name: string,
  ) {}

  /** True when held: taken now, or held already and its connection still answers. */
  async hold(): Promise<boolean> {
    if (this.conn) {
      try {
        await sql`select 1`.execute(this.conn);
        return true;
      } catch {
        await this.drop();
        return false;
      }
    }
    const conn = await this.open();
    try {
      const r = await sql<{ ok: boolean }>`select pg_try_advisory_lock(hashtextextended(current_schema() || ':' || ${this.name}, 0)) as ok`.execute(conn);
      if (r.rows[0]?.ok === true) {
        this.conn = conn;
        return true;
      }
    } catch {
      // the connection failed: not held
    }
    await this.close();
    return false;
  }

  /** Lets the lock go and returns the connection to the pool. */
  async release(): Promise<void> {
    const conn = this.conn;
    this.conn = null;
    if (conn) await sql`select pg_advisory_unlock(hashtextextended(current_schema() || ':' || ${this.name}, 0))`.execute(conn).catch(() => undefined);
    await this.close();
  }

  private async drop(): Promise<void> {
    this.conn = null;
    await this.close();
  }

  /** Borrows one pooled connection until `close()`. */
  private open(): Promise<Kysely<Database>> {
    return new Promise((resolve, reject) => {
      this.done = this.db
        .connection()
        .execute(async (conn) => {
          await new Promise<void>((letGo) => {
            this.returnConn = letGo;
            resolve(conn as Kysely<Database>);
          });
        })
        .catch(reject);
    });
  }

  private async close(): Promise<void> {
    const letGo = this.returnConn;
    this.returnConn = null;
    letGo?.();
    await this.done;
  }
}

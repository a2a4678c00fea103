import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { BenchHub } from './stores.ts';

/**
 * A second, raw connection to a benchmark store's data (no Kysely, no Stockmesh code) so a raw
 * baseline can run the same SQL over the same rows: `query(sql, params)` returns the rows.
 * SQL is written with `?` placeholders and rewritten to `$n` for PostgreSQL.
 */
export interface RawConnection {
  query(sql: string, params: readonly unknown[]): Promise<unknown[]>;
  close(): Promise<void>;
}

export async function rawConnection(b: BenchHub): Promise<RawConnection> {
  if (b.kind === 'sqlite') {
    const db = new SQLite(b.where, { readonly: true });
    const stmts = new Map<string, SQLite.Statement>();
    return {
      query: async (sql, params) => {
        let st = stmts.get(sql);
        if (!st) stmts.set(sql, (st = db.prepare(sql)));
        return st.all(...params);
      },
      close: async () => {
        db.close();
      },
    };
  }
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL, options: `-c search_path=${b.where}` });
  await c.connect();
  const texts = new Map<string, string>();
  return {
    query: async (sql, params) => {
      let text = texts.get(sql);
      if (text === undefined) {
        let i = 0;
        texts.set(sql, (text = sql.replace(/\?/g, () => `$${++i}`)));
      }
      return (await c.query(text, [...params])).rows as unknown[];
    },
    close: () => c.end(),
  };
}

import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type SqliteDatabase, sql } from 'kysely';
import pg from 'pg';
import { type DurableBody, durableCommitter } from './durable-commit.ts';
import type { Database } from './schema.ts';
import { migrations } from './migrations/index.ts';

export type Dialect = 'sqlite' | 'postgres';

/** An open store: the typed query builder plus what the hot paths need to know about it. */
export interface Store {
  readonly db: Kysely<Database>;
  /**
   * For reads that need no transaction and must not wait behind one (ATP, API key look-ups): on an
   * SQLite file a second, read-only connection (WAL lets it read the last committed state while
   * the writer's transaction is open; Kysely's SQLite driver otherwise queues every query behind an
   * open transaction on its one connection). Elsewhere (`:memory:`, PostgreSQL's pool) it is `db`.
   */
  readonly readDb: Kysely<Database>;
  readonly dialect: Dialect;
  /** Where it lives, for humans (a file path or a redacted URL). */
  readonly location: string;
  /**
   * Runs `body` in one transaction and resolves with its result once the commit is durable,
   * without blocking the event loop on the disk (src/store/durable-commit.ts: on an SQLite file the
   * commit runs with `synchronous = NORMAL` and the `-wal` file is fdatasynced on the thread pool).
   * `visible` is called when the commit is visible to this process, before it is durable. For
   * every write whose caller is answered "done" (group commits of the ledger, bus and orders).
   */
  commitDurably<T>(body: DurableBody<T>, visible?: (result: T) => void): Promise<T>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** PostgreSQL connection string; when absent the embedded SQLite store is used. */
  readonly databaseUrl?: string | undefined;
  /** Data folder of the embedded store (default ./data). */
  readonly dataDir?: string | undefined;
  /** SQLite file name inside dataDir, or ':memory:' (default stockmesh.db). */
  readonly sqliteFile?: string | undefined;
  /** PostgreSQL schema to use (created when missing); lets test suites run side by side. */
  readonly pgSchema?: string | undefined;
  readonly poolSize?: number | undefined;
}

/** Opens the store named by the options and brings its schema up to date (safe to run twice). */
export async function openStore(opts: StoreOptions = {}): Promise<Store> {
  const store = opts.databaseUrl ? await openPostgres(opts.databaseUrl, opts) : openSqlite(opts);
  try {
    await migrate(store.db, store.dialect === 'postgres' ? (opts.pgSchema ?? (await currentSchema(store.db))) : undefined);
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}

function openSqlite(opts: StoreOptions): Store {
  const file = opts.sqliteFile ?? 'stockmesh.db';
  let path = file;
  if (file !== ':memory:') {
    const dir = opts.dataDir ?? 'data';
    mkdirSync(dir, { recursive: true });
    path = join(dir, file);
  }
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  // FULL: every commit is fsynced, so an acknowledged batch survives power loss. Throughput comes
  // from batching many events per transaction (group commit), not from relaxing durability.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  // A larger page cache (32 MiB; default 2 MiB) keeps more of the ledger's indexes in memory while a
  // batch writes into them, so fewer pages are spilled and re-read mid-transaction (bench/: ingest).
  sqlite.pragma('cache_size = -32768');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachedStatements(sqlite) }) });
  if (file === ':memory:') {
    const memory = durableCommitter(db, null);
    return { db, readDb: db, dialect: 'sqlite', location: path, commitDurably: (body, visible) => memory.commit(body, visible), close: () => db.destroy() };
  }
  const durable = durableCommitter(db, `${resolve(path)}-wal`);
  const reader = new SQLite(path, { readonly: true });
  reader.pragma('busy_timeout = 5000');
  reader.pragma('cache_size = -32768');
  const readDb = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachedStatements(reader) }) });
  return {
    db,
    readDb,
    dialect: 'sqlite',
    location: path,
    commitDurably: (body, visible) => durable.commit(body, visible),
    close: async () => {
      try {
        await durable.close();
        await readDb.destroy();
      } finally {
        await db.destroy();
      }
    },
  };
}

/**
 * SQL text starting with this comment is run once per row of its single parameter (an array of
 * parameter arrays) in one call: how the ledger's bulk writes reach SQLite without a round through
 * Kysely per row (src/ledger/ledger-rows.ts spells the same marker). Inside the caller's transaction
 * like any other statement: SQLite has one connection.
 */
const PER_ROW = '/* per-row */';

type Statement = ReturnType<SqliteDatabase['prepare']>;

/**
 * Kysely's SQLite driver prepares every statement it runs afresh; the hot paths (ingest, ATP) send
 * the same SQL text again and again, and preparing costs more than running. This keeps the most
 * recently used prepared statements by SQL text (long texts, i.e. large multi-row statements, are
 * not kept: their memory is not worth it). A statement still iterating (a stream) is busy and is
 * never handed out twice: a fresh one is prepared for the second user.
 */
function cachedStatements(sqlite: SQLite.Database, max = 256, maxSqlLength = 16_384): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  // Per-row statements are a handful of fixed texts (the ledger's bulk writes).
  const perRow = new Map<string, Statement>();
  const prepare = (sql: string): SQLite.Statement => {
    if (sql.length > maxSqlLength) return sqlite.prepare(sql);
    const hit = cache.get(sql);
    if (hit && !hit.busy) {
      cache.delete(sql);
      cache.set(sql, hit);
      return hit;
    }
    const stmt = sqlite.prepare(sql);
    if (!hit) {
      cache.set(sql, stmt);
      if (cache.size > max) cache.delete(cache.keys().next().value as string);
    }
    return stmt;
  };
  return {
    close: () => sqlite.close(),
    prepare(sql: string): Statement {
      if (!sql.startsWith(PER_ROW)) return prepare(sql);
      let s = perRow.get(sql);
      if (!s) perRow.set(sql, (s = perRowStatement(() => prepare(sql))));
      return s;
    },
  };
}

function perRowStatement(stmt: () => SQLite.Statement): Statement {
  return {
    reader: false,
    all: () => {
      throw new Error('a per-row statement returns no rows');
    },
    iterate: () => {
      throw new Error('a per-row statement returns no rows');
    },
    run(parameters: readonly unknown[]) {
      const s = stmt();
      let changes = 0;
      let lastInsertRowid: number | bigint = 0;
      for (const row of parameters[0] as readonly unknown[][]) {
        const r = s.run(row);
        changes += r.changes;
        lastInsertRowid = r.lastInsertRowid;
      }
      return { changes, lastInsertRowid };
    },
  };
}

// int8 (bigint) and numeric come back as strings from pg by default; our quantities are safe integers.
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20) return (v: string) => Number(v);
    return (pg.types.getTypeParser as (o: number, f?: 'text' | 'binary') => (v: string) => unknown)(oid, format);
  },
};

async function openPostgres(url: string, opts: StoreOptions): Promise<Store> {
  const schema = opts.pgSchema;
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid PostgreSQL schema name: ${schema}`);
  if (schema) {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(`create schema if not exists ${schema}`);
    } finally {
      await c.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    types: pgTypes,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const durable = durableCommitter(db, null);
  return {
    db,
    readDb: db,
    dialect: 'postgres',
    location: redact(url) + (schema ? ` (schema ${schema})` : ''),
    commitDurably: (body, visible) => durable.commit(body, visible),
    close: () => db.destroy(),
  };
}

async function migrate(db: Kysely<Database>, schema: string | undefined): Promise<void> {
  // Name the schema of Kysely's own bookkeeping tables explicitly: its existence check looks across
  // schemas and would otherwise find another schema's tables.
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  // Kysely's existence check reads the catalogue of every schema; one dropped by another client at
  // that moment ("schema … does not exist", seen when test suites share a database) is not ours:
  // look again, a few times, before calling the migration failed.
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator.migrateToLatest();
    if (!error) return;
    if (attempt < 5 && /schema "[^"]*" does not exist/.test(String(error)) && !String(error).includes(`"${schema}"`)) {
      await new Promise((r) => setTimeout(r, 50 * attempt));
      continue;
    }
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${String(error)}`);
  }
}

async function currentSchema(db: Kysely<Database>): Promise<string> {
  const r = await sql<{ s: string }>`select current_schema() as s`.execute(db);
  return r.rows[0]?.s ?? 'public';
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@');
}

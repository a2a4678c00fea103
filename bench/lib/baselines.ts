import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { RAW_COLUMNS, type RawRow, rawTableDdl } from './raw-rows.ts';
import { dropSchema } from './stores.ts';
import { perSecond, stopwatch } from './timer.ts';

function tempDir(): { dir: string; done(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'stockmesh-raw-'));
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

function openRawSqlite(dir: string): SQLite.Database {
  const db = new SQLite(join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  return db;
}

/** LIMITS.md row: SQLite WAL, synchronous=FULL, 1,000 UPDATEs per transaction. Returns updates/s. */
export function rawSqliteUpdates(total = 200_000, rows = 10_000): number {
  const t = tempDir();
  const db = openRawSqlite(t.dir);
  try {
    db.exec('create table stock (id integer primary key, qty integer not null)');
    const ins = db.prepare('insert into stock (id, qty) values (?, 0)');
    db.transaction(() => {
      for (let i = 0; i < rows; i++) ins.run(i);
    })();
    const upd = db.prepare('update stock set qty = qty + 1 where id = ?');
    const batch = db.transaction((from: number) => {
      for (let i = 0; i < 1000; i++) upd.run(((from + i) * 7919) % rows);
    });
    const sw = stopwatch();
    for (let done = 0; done < total; done += 1000) batch(done);
    return perSecond(total, sw.ms());
  } finally {
    db.close();
    t.done();
  }
}

/**
 * LIMITS.md row: one durable commit = append a 4 KiB block to a log and fdatasync it (the file grows,
 * as a WAL does, so its size is flushed too). Returns commits/s.
 */
export function rawFsync(ms = 1500): number {
  const t = tempDir();
  const fd = openSync(join(t.dir, 'f'), 'w');
  const block = Buffer.alloc(4096, 1);
  try {
    let n = 0;
    const sw = stopwatch();
    while (sw.ms() < ms) {
      writeSync(fd, block, 0, block.length, n * block.length);
      fdatasyncSync(fd);
      n++;
    }
    return perSecond(n, sw.ms());
  } finally {
    closeSync(fd);
    t.done();
  }
}

/** Raw better-sqlite3: the rows into an events-like table, one prepared INSERT per row, `batch` rows per transaction. */
export function rawSqliteInsert(rows: readonly RawRow[], batch = 5000): number {
  const t = tempDir();
  const db = openRawSqlite(t.dir);
  try {
    for (const ddl of rawTableDdl('sqlite')) db.exec(ddl);
    const ins = db.prepare(`insert into raw_events (${RAW_COLUMNS.join(', ')}) values (${RAW_COLUMNS.map(() => '?').join(', ')})`);
    const tx = db.transaction((part: readonly RawRow[]) => {
      for (const r of part) ins.run(r);
    });
    const sw = stopwatch();
    for (let i = 0; i < rows.length; i += batch) tx(rows.slice(i, i + batch));
    return perSecond(rows.length, sw.ms());
  } finally {
    db.close();
    t.done();
  }
}

const PG_TYPES = ['bigint', 'text', 'text', 'bigint', 'text', 'text', 'text', 'text', 'text', 'text', 'bigint', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text'];

/** Raw pg: the rows into an events-like table, one `insert … select * from unnest($1::…[], …)` per transaction of `batch` rows. */
export async function rawPgUnnestInsert(url: string, rows: readonly RawRow[], batch = 5000): Promise<number> {
  const schema = `bench_raw_${process.pid}_${Date.now().toString(36)}`;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`create schema ${schema}`);
    await c.query(`set search_path = ${schema}`);
    for (const ddl of rawTableDdl('postgres')) await c.query(ddl);
    const text = `insert into raw_events (${RAW_COLUMNS.join(', ')}) select * from unnest(${PG_TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`;
    const sw = stopwatch();
    for (let i = 0; i < rows.length; i += batch) {
      const part = rows.slice(i, i + batch);
      await c.query('begin');
      await c.query(text, RAW_COLUMNS.map((_, k) => part.map((r) => r[k])));
      await c.query('commit');
    }
    return perSecond(rows.length, sw.ms());
  } finally {
    await c.end();
    await dropSchema(url, schema);
  }
}

/** Raw pg: the rows into an events-like table with multi-row INSERTs, `batch` rows per transaction. */
export async function rawPgInsert(url: string, rows: readonly RawRow[], batch = 5000, perStatement = 2500): Promise<number> {
  const schema = `bench_raw_${process.pid}_${Date.now().toString(36)}`;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`create schema ${schema}`);
    await c.query(`set search_path = ${schema}`);
    for (const ddl of rawTableDdl('postgres')) await c.query(ddl);
    const cols = RAW_COLUMNS.length;
    const sqlFor = (n: number): string =>
      `insert into raw_events (${RAW_COLUMNS.join(', ')}) values ` +
      Array.from({ length: n }, (_, r) => `(${Array.from({ length: cols }, (_, k) => `$${r * cols + k + 1}`).join(',')})`).join(',');
    const full = sqlFor(perStatement);
    const sw = stopwatch();
    for (let i = 0; i < rows.length; i += batch) {
      await c.query('begin');
      const part = rows.slice(i, i + batch);
      for (let j = 0; j < part.length; j += perStatement) {
        const chunk = part.slice(j, j + perStatement);
        await c.query(chunk.length === perStatement ? full : sqlFor(chunk.length), chunk.flat());
      }
      await c.query('commit');
    }
    return perSecond(rows.length, sw.ms());
  } finally {
    await c.end();
    await dropSchema(url, schema);
  }
}

/** LIMITS.md row: SQLite WAL autocommit with synchronous=FULL, one UPDATE per commit. Returns commits/s. */
export function rawSqliteAutocommit(ms = 1500): number {
  const t = tempDir();
  const db = openRawSqlite(t.dir);
  try {
    db.exec('create table stock (id integer primary key, qty integer not null)');
    db.exec('insert into stock (id, qty) values (1, 0)');
    const upd = db.prepare('update stock set qty = qty + 1 where id = 1');
    let n = 0;
    const sw = stopwatch();
    while (sw.ms() < ms) {
      upd.run();
      n++;
    }
    return perSecond(n, sw.ms());
  } finally {
    db.close();
    t.done();
  }
}

/** LIMITS.md row: PostgreSQL conditional UPDATE, durable, one client through node-postgres. Returns updates/s. */
export async function rawPgConditionalUpdate(url: string, ms = 1500): Promise<number> {
  const schema = `bench_upd_${process.pid}_${Date.now().toString(36)}`;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`create schema ${schema}`);
    await c.query(`set search_path = ${schema}`);
    await c.query('create table stock (id int primary key, qty bigint not null)');
    await c.query('insert into stock select g, 1000000000 from generate_series(1, 1000) g');
    let n = 0;
    const sw = stopwatch();
    while (sw.ms() < ms) {
      await c.query('update stock set qty = qty - 1 where id = $1 and qty >= 1', [(n % 1000) + 1]);
      n++;
    }
    return perSecond(n, sw.ms());
  } finally {
    await c.end();
    await dropSchema(url, schema);
  }
}

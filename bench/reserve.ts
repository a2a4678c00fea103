// Single-order allocate + durable reserve (issue 4 §5): 50 warehouses, 10,000 SKUs, many concurrent
// submitters sharing group commits. Prints orders/s, p50/p99 latency and the ratio to the raw
// store limit measured in the same run; writes bench/RESERVE-RESULTS.md.
// Usage: node --import tsx bench/reserve.ts [orders=20000] [submitters=256]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { MasterData } from '../src/domain/index.ts';
import { configFromEnv, type Hub, openHub } from '../src/hub/index.ts';
import { saveMasterData } from '../src/mdm/index.ts';
import { OrderService } from '../src/orders/index.ts';

const ORDERS = Number(process.argv[2] ?? 20000);
const SUBMITTERS = Number(process.argv[3] ?? 256);
const W = 50;
const S = 10000;
let seed = 7;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

function network(): MasterData {
  return {
    warehouses: Array.from({ length: W }, (_, i) => ({
      id: `W${i}`, name: `W${i}`, kind: 'regional' as const, region: `r${i % 8}`, lat: 20 + (i % 10) * 2, lon: 100 + Math.floor(i / 10) * 4,
      storageClasses: ['ambient' as const, 'chilled' as const], hazmat: i % 5 === 0, dailyCapacity: 0, cutoffTime: '17:00', timeZone: 'UTC', ownerTeam: 'ops', active: true,
    })),
    skus: Array.from({ length: S }, (_, i) => ({
      id: `S${i}`, name: `S${i}`, category: 'c', baseUnit: 'each', weightKg: 0.5 + (i % 7), storageClass: i % 10 === 0 ? ('chilled' as const) : ('ambient' as const),
      hazmat: false, lotControlled: false, expiryControlled: false, minShelfLifeDays: 0,
    })),
    units: [], aliases: [], statusMaps: [],
    sources: [{ id: 'wms', name: 'wms', dialect: 'api', warehouses: Array.from({ length: W }, (_, i) => `W${i}`) }],
  };
}

async function seedHub(hub: Hub): Promise<void> {
  await hub.store.db.transaction().execute((tx) => saveMasterData(tx, network()));
  await hub.masterData.refresh();
  const events = [];
  for (let s = 0; s < S; s++) for (let k = 0; k < 5; k++) events.push({ raw: { id: `r-${s}-${k}`, source: 'wms', occurredAt: '2026-11-25T00:00:00Z', warehouse: `W${(s * 7 + k * 11) % W}`, sku: `S${s}`, quantity: 1000, toStatus: 'available', reason: 'receipt' } });
  for (let i = 0; i < events.length; i += 5000) await hub.ingestor.ingest(events.slice(i, i + 5000));
}

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] as number;

async function run(hub: Hub): Promise<{ perSec: number; p50: number; p99: number }> {
  const svc = new OrderService({ store: hub.store, masterData: hub.masterData });
  await svc.submit({ id: 'warm', destination: { lat: 30, lon: 110 }, lines: [{ sku: 'S1', qty: 1 }] });
  const lat: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: SUBMITTERS }, async () => {
    while (next < ORDERS) {
      const i = next++;
      const lines = [{ sku: `S${Math.floor(rnd() * S)}`, qty: 1 + Math.floor(rnd() * 3) }];
      if (rnd() < 0.3) lines.push({ sku: `S${Math.floor(rnd() * S)}`, qty: 1 });
      const t = performance.now();
      await svc.submit({ id: `o-${i}`, destination: { lat: 20 + rnd() * 20, lon: 100 + rnd() * 20 }, lines, promisedHours: 48 });
      lat.push(performance.now() - t);
    }
  }));
  const secs = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  return { perSec: ORDERS / secs, p50: pct(lat, 50), p99: pct(lat, 99) };
}

/** Raw limit: durable (synchronous=FULL) single-row commits per second on this disk. */
function rawSqlite(dir: string): number {
  const db = new SQLite(join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('create table t (id integer primary key, n integer)');
  db.prepare('insert into t values (1, 0)').run();
  const up = db.prepare('update t set n = n + 1 where id = 1');
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < 2000) { up.run(); n++; }
  db.close();
  return n / ((performance.now() - t0) / 1000);
}

/** Raw limit: durable conditional UPDATEs per second from 16 `pg` clients (autocommit, group commit in PG). */
async function rawPostgres(url: string, schema: string): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: 16 });
  try {
    await pool.query(`create table ${schema}.raw_t (id int primary key, n bigint)`);
    await pool.query(`insert into ${schema}.raw_t select g, 1000000 from generate_series(1, 16) g`);
    let n = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 16 }, async (_, c) => {
      while (performance.now() - t0 < 2000) {
        await pool.query(`update ${schema}.raw_t set n = n - 1 where id = $1 and n > 0`, [c + 1]);
        n++;
      }
    }));
    return n / ((performance.now() - t0) / 1000);
  } finally {
    await pool.end();
  }
}

const lines: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'reserve-bench-'));
try {
  const raw = rawSqlite(dir);
  const hub = await openHub({ ...configFromEnv({}), databaseUrl: undefined, dataDir: dir }, {});
  await seedHub(hub);
  const r = await run(hub);
  await hub.close();
  lines.push(`| SQLite (WAL, synchronous=FULL) | ${r.perSec.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${raw.toFixed(0)} durable commits/s | ${(r.perSec / raw).toFixed(2)}× | ≥ 5,000/s, p99 ≤ 10 ms: ${r.perSec >= 5000 && r.p99 <= 10 ? 'met' : 'MISSED'} |`);
  console.log(lines.at(-1));
  if (process.env.DATABASE_URL) {
    const schema = `bench_reserve_${process.pid}`;
    const pgHub = await openHub({ ...configFromEnv({}), databaseUrl: process.env.DATABASE_URL }, { pgSchema: schema });
    try {
      const rawPg = await rawPostgres(process.env.DATABASE_URL, schema);
      await seedHub(pgHub);
      const rp = await run(pgHub);
      lines.push(`| PostgreSQL | ${rp.perSec.toFixed(0)} | ${rp.p50.toFixed(2)} | ${rp.p99.toFixed(2)} | ${rawPg.toFixed(0)} durable conditional UPDATEs/s (16 clients) | ${(rp.perSec / rawPg).toFixed(2)}× | ≥ 2,000/s: ${rp.perSec >= 2000 ? 'met' : 'MISSED'} |`);
      console.log(lines.at(-1));
    } finally {
      await pgHub.store.db.schema.dropSchema(schema).ifExists().cascade().execute();
      await pgHub.close();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
writeFileSync(
  'bench/RESERVE-RESULTS.md',
  `# Single-order allocate + durable reserve (bench/reserve.ts)\n\n${new Date().toISOString()}: ${ORDERS} orders (1–2 lines), ${SUBMITTERS} concurrent submitters, ${W} warehouses, ${S} SKUs (5 warehouses each).\n\n| store | orders/s | p50 ms | p99 ms | raw limit (same run) | ratio | target |\n|---|---|---|---|---|---|---|\n${lines.join('\n')}\n`,
);

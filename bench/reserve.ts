// Single-order allocate + durable reserve (issue 4 §5): 50 warehouses, 10,000 SKUs, concurrent
// submitters sharing group commits. Each store runs RESERVE_RUNS times (default 3) on one seeded hub,
// the raw store limit measured right before each run; prints orders/s, p50/p99 latency, Node CPU per
// order and the ratio to the raw limit (medians), and writes the table to bench/RESERVE-RESULTS.md
// (RESERVE_WRITE=0 leaves the file alone).
// RESERVE_AUDIT=1 names a caller on every submit, so each new order also writes its `order.submit`
// audit entry inside the reservation transaction (as the API and the CLI do).
// Usage: node --import tsx bench/reserve.ts [orders=20000] [submitters=32]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { MasterData } from '../src/domain/index.ts';
import { configFromEnv, type Hub, openHub } from '../src/hub/index.ts';
import { saveMasterData } from '../src/mdm/index.ts';
import { OrderService } from '../src/orders/index.ts';

const ORDERS = Number(process.argv[2] ?? 20000);
const SUBMITTERS = Number(process.argv[3] ?? 32);
const RUNS = Number(process.env.RESERVE_RUNS ?? 3);
const BY = process.env.RESERVE_AUDIT === '1' ? ({ actor: 'bench', via: 'api' } as const) : undefined;
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

interface RunResult {
  readonly perSec: number;
  readonly p50: number;
  readonly p99: number;
  /** Node CPU (user + system) per order, µs: less sensitive than orders/s to other load. */
  readonly cpuUs: number;
  readonly batches: number;
}

async function run(hub: Hub, tag: string): Promise<RunResult> {
  const svc = new OrderService({ store: hub.store, masterData: hub.masterData });
  await svc.submit({ id: `warm-${tag}`, destination: { lat: 30, lon: 110 }, lines: [{ sku: 'S1', qty: 1 }] });
  const lat: number[] = [];
  let next = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: SUBMITTERS }, async () => {
    while (next < ORDERS) {
      const i = next++;
      const lines = [{ sku: `S${Math.floor(rnd() * S)}`, qty: 1 + Math.floor(rnd() * 3) }];
      if (rnd() < 0.3) lines.push({ sku: `S${Math.floor(rnd() * S)}`, qty: 1 });
      const t = performance.now();
      await svc.submit({ id: `o-${tag}-${i}`, destination: { lat: 20 + rnd() * 20, lon: 100 + rnd() * 20 }, lines, promisedHours: 48 }, BY);
      lat.push(performance.now() - t);
    }
  }));
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  lat.sort((a, b) => a - b);
  return { perSec: ORDERS / secs, p50: pct(lat, 50), p99: pct(lat, 99), cpuUs: (cpu.user + cpu.system) / ORDERS, batches: 0 };
}

/** V8 CPU profile of one run only (RESERVE_PROFILE=path-prefix): seeding and raw baselines left out. */
async function startProfile(): Promise<(file: string) => Promise<void>> {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) => new Promise<unknown>((res, rej) => session.post(method, params ?? {}, (e, r) => (e ? rej(e) : res(r))));
  await post('Profiler.enable');
  await post('Profiler.start');
  return async (file) => {
    const r = (await post('Profiler.stop')) as { profile: object };
    writeFileSync(file, JSON.stringify(r.profile));
    session.disconnect();
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function runs(hub: Hub, store: string, rawOf: () => Promise<number> | number, rawLabel: string, target: (r: RunResult) => string): Promise<string> {
  const rs: RunResult[] = [];
  const raws: number[] = [];
  for (let k = 0; k < RUNS; k++) {
    raws.push(await rawOf());
    const profile = process.env.RESERVE_PROFILE ? await startProfile() : undefined;
    rs.push(await run(hub, `${store.slice(0, 2)}${k}`));
    if (profile) await profile(`${process.env.RESERVE_PROFILE}-${store.slice(0, 2)}${k}.cpuprofile`);
    const r = rs.at(-1) as RunResult;
    console.log(`${store} run ${k + 1}: ${r.perSec.toFixed(0)} orders/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, ${r.cpuUs.toFixed(0)} µs CPU/order; raw ${(raws.at(-1) as number).toFixed(0)} ${rawLabel}; load ${loadavg()[0]?.toFixed(1)}`);
  }
  const m: RunResult = { perSec: median(rs.map((r) => r.perSec)), p50: median(rs.map((r) => r.p50)), p99: median(rs.map((r) => r.p99)), cpuUs: median(rs.map((r) => r.cpuUs)), batches: 0 };
  const raw = median(raws);
  const ratios = rs.map((r, i) => r.perSec / (raws[i] as number));
  return `| ${store} | ${m.perSec.toFixed(0)} | ${m.p50.toFixed(2)} | ${m.p99.toFixed(2)} | ${m.cpuUs.toFixed(0)} | ${raw.toFixed(0)} ${rawLabel} | ${median(ratios).toFixed(2)}× | ${target(m)} |`;
}

/** Raw limit: durable (synchronous=FULL) single-row commits per second on this disk. */
function rawSqlite(dir: string): number {
  rmSync(join(dir, 'raw.db'), { force: true });
  rmSync(join(dir, 'raw.db-wal'), { force: true });
  rmSync(join(dir, 'raw.db-shm'), { force: true });
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
async function rawPostgres(url: string, schema: string, k: number): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: 16 });
  try {
    await pool.query(`create table ${schema}.raw_t${k} (id int primary key, n bigint)`);
    await pool.query(`insert into ${schema}.raw_t${k} select g, 1000000 from generate_series(1, 16) g`);
    let n = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 16 }, async (_, c) => {
      while (performance.now() - t0 < 2000) {
        await pool.query(`update ${schema}.raw_t${k} set n = n - 1 where id = $1 and n > 0`, [c + 1]);
        n++;
      }
    }));
    return n / ((performance.now() - t0) / 1000);
  } finally {
    await pool.end();
  }
}

const lines: string[] = [];
const startedAt = new Date().toISOString();
const load0 = loadavg()[0] as number;
const dir = mkdtempSync(join(tmpdir(), 'reserve-bench-'));
try {
  const hub = await openHub({ ...configFromEnv({}), databaseUrl: undefined, dataDir: dir }, {});
  await seedHub(hub);
  lines.push(await runs(hub, 'SQLite (WAL, synchronous=FULL)', () => rawSqlite(dir), 'durable commits/s', (m) => `≥ 5,000/s, p99 ≤ 10 ms: ${m.perSec >= 5000 && m.p99 <= 10 ? 'met' : 'MISSED'}`));
  console.log(lines.at(-1));
  await hub.close();
  if (process.env.DATABASE_URL) {
    const url = process.env.DATABASE_URL;
    const schema = `bench_reserve_${process.pid}`;
    const pgHub = await openHub({ ...configFromEnv({}), databaseUrl: url }, { pgSchema: schema });
    try {
      await seedHub(pgHub);
      let rawRun = 0;
      lines.push(await runs(pgHub, 'PostgreSQL', () => rawPostgres(url, schema, rawRun++), 'durable conditional UPDATEs/s (16 clients)', (m) => `≥ 2,000/s: ${m.perSec >= 2000 ? 'met' : 'MISSED'}`));
      console.log(lines.at(-1));
    } finally {
      await pgHub.store.db.schema.dropSchema(schema).ifExists().cascade().execute();
      await pgHub.close();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const load1 = loadavg()[0] as number;
const table = `${startedAt}: ${ORDERS} orders (1–2 lines) per run${BY ? ', each audited in its reservation transaction (RESERVE_AUDIT=1)' : ''}, ${SUBMITTERS} concurrent submitters, ${W} warehouses, ${S} SKUs (5 warehouses each); medians of ${RUNS} runs, the raw limit measured right before each run; 1-minute load average ${load0.toFixed(1)} at the start, ${load1.toFixed(1)} at the end (2 cores).\n\n| store | orders/s | p50 ms | p99 ms | Node CPU µs/order | raw limit (same run) | ratio | target |\n|---|---|---|---|---|---|---|---|\n${lines.join('\n')}\n`;
console.log(table);
if (process.env.RESERVE_WRITE !== '0') writeFileSync('bench/RESERVE-RESULTS.md', `# Single-order allocate + durable reserve (bench/reserve.ts)\n\n${table}`);

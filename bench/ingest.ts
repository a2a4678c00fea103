/**
 * Ingest throughput: N events (BENCH_EVENTS, default 200,000) through `hub.ingestor.ingest` in calls
 * of 5,000 into a fresh store per run, durably committed (SQLite WAL + synchronous=FULL; PostgreSQL
 * synchronous_commit=on). Baseline in the same run: raw inserts of as many ledger-like rows into an
 * events-like table (same columns and indexes), 5,000 rows per transaction.
 */
import { verifyLedger } from '../src/ledger/index.ts';
import { envInt, quick, RUNS } from './lib/config.ts';
import { EventStream } from './lib/events.ts';
import { expectAllApplied, inCalls, ingestChunks } from './lib/ingest-run.ts';
import { makeNetwork } from './lib/network.ts';
import { clearProgress, log } from './lib/progress.ts';
import { rawPgInsert, rawSqliteInsert } from './lib/baselines.ts';
import { rawRows } from './lib/raw-rows.ts';
import { emit, maxRssMiB, type Metric } from './lib/result.ts';
import { median } from './lib/stats.ts';
import { freshHub, storeKinds } from './lib/stores.ts';
import { stopwatch } from './lib/timer.ts';

const N = envInt('BENCH_EVENTS', quick ? 50_000 : 200_000);
const CALL = 5000;
const TARGET = { sqlite: 50_000, postgres: 30_000 } as const;

const sw = stopwatch();
const net = makeNetwork();
const stream = new EventStream(net);
const events = stream.next(N);
const rows = rawRows(N);
const notes: string[] = [
  `${N.toLocaleString('en-US')} events (${stream.counts.receipt} receipts, ${stream.counts.move} moves, ${stream.counts.ship} shipments) ` +
    `in calls of ${CALL}, 2 calls in flight; ${net.warehouseIds.length} warehouses × ${net.skuIds.length} SKUs.`,
];
const metrics: Metric[] = [];

for (const kind of storeKinds()) {
  const ours: number[] = [];
  const cpu: number[] = [];
  const raw: number[] = [];
  for (let run = 1; run <= RUNS; run++) {
    raw.push(kind === 'sqlite' ? rawSqliteInsert(rows, CALL) : await rawPgInsert(process.env.DATABASE_URL as string, rows, CALL));
    const h = await freshHub(kind, net);
    try {
      const r = await ingestChunks(h.hub, inCalls(events, CALL), N, `${kind} ingest run ${run}`);
      clearProgress();
      expectAllApplied(r, `${kind} run ${run}`);
      ours.push(r.perSecond);
      cpu.push(r.cpuUsPerEvent);
      log(
        `${kind} run ${run}: ${Math.round(r.perSecond)} events/s, Node CPU ${r.cpuUsPerEvent.toFixed(1)} µs/event ` +
          `(raw ${Math.round(raw[raw.length - 1] as number)} rows/s)`,
      );
      if (run === RUNS) {
        const v = await verifyLedger(h.hub.store.db);
        if (!v.ok) throw new Error(`ledger does not verify after the run: ${v.reason}`);
        notes.push(`${kind}: every event applied, hash chain verified (${v.events} entries) after the last run.`);
      }
    } finally {
      await h.dispose();
    }
  }
  metrics.push({
    name: 'ingest events/s',
    store: kind,
    unit: 'events/s',
    median: median(ours),
    runs: ours,
    targetOn: 'median',
    target: { op: '>=', value: TARGET[kind] },
    baseline: {
      name: kind === 'sqlite' ? 'raw better-sqlite3 INSERT, 5,000 rows/txn, FULL' : 'raw pg multi-row INSERT, 5,000 rows/txn',
      median: median(raw),
      runs: raw,
    },
  });
  metrics.push({
    name: 'Node CPU per ingested event',
    store: kind,
    unit: 'µs/event',
    median: median(cpu),
    runs: cpu,
    notes: ['user + system CPU of the benchmark process while ingesting: less sensitive than events/s to other load on the machine'],
  });
}

emit({ bench: 'ingest', metrics, notes, maxRssMiB: maxRssMiB(), seconds: sw.ms() / 1000 });

/**
 * Rebuild throughput: `rebuildPositions` replays a ledger of ≥ 500,000 events (BENCH_REBUILD_EVENTS)
 * into positions, compares them with the stored ones and replaces them; events/s per run, median
 * over runs, and the run must find zero differences (the stored positions were kept by the ingestor).
 */
import { rebuildPositions } from '../src/ledger/index.ts';
import { envInt, quick, RUNS } from './lib/config.ts';
import { EventStream } from './lib/events.ts';
import { expectAllApplied, generated, ingestChunks } from './lib/ingest-run.ts';
import { makeNetwork } from './lib/network.ts';
import { clearProgress, log, progress } from './lib/progress.ts';
import { emit, maxRssMiB, type Metric } from './lib/result.ts';
import { median } from './lib/stats.ts';
import { type BenchHub, freshHub, storeKinds } from './lib/stores.ts';
import { rawConnection } from './lib/raw-access.ts';
import { perSecond, stopwatch } from './lib/timer.ts';

const N = envInt('BENCH_REBUILD_EVENTS', quick ? 100_000 : 500_000);
const sw = stopwatch();
const net = makeNetwork();
const metrics: Metric[] = [];
const notes: string[] = [`Ledger of ${N.toLocaleString('en-US')} mixed events (receipts, moves, shipments) built through the ingestor.`];

for (const kind of storeKinds()) {
  const h = await freshHub(kind, net);
  try {
    const stream = new EventStream(net);
    const load = await ingestChunks(h.hub, generated(N, (n) => stream.next(n)), N, `${kind} building ledger`);
    clearProgress();
    expectAllApplied(load, `${kind} ledger`);
    log(`${kind}: ledger of ${N} events built at ${Math.round(load.perSecond)} events/s`);
    const rates: number[] = [];
    let positions = 0;
    for (let run = 1; run <= RUNS; run++) {
      const t = stopwatch();
      const r = await rebuildPositions(h.hub.store.db, { onProgress: (d, tot) => progress(`${kind} rebuild run ${run}`, d, tot) });
      const ms = t.ms();
      clearProgress();
      if (r.events !== N) throw new Error(`rebuild replayed ${r.events} events, expected ${N}`);
      if (r.differences.length !== 0) throw new Error(`rebuild found ${r.differences.length} differences, expected none`);
      positions = r.positions;
      rates.push(perSecond(r.events, ms));
      log(`${kind} rebuild run ${run}: ${(ms / 1000).toFixed(2)} s, ${Math.round(perSecond(r.events, ms))} events/s, ${r.positions} positions, 0 differences`);
    }
    const raw: number[] = [];
    for (let run = 1; run <= RUNS; run++) raw.push(await rawReplayRead(h));
    log(`${kind} raw read of the ledger: ${raw.map((x) => Math.round(x)).join(', ')} rows/s`);
    notes.push(`${kind}: ${positions.toLocaleString('en-US')} positions rebuilt per run, zero differences each run; ledger built at ${Math.round(load.perSecond).toLocaleString('en-US')} events/s.`);
    metrics.push({
      name: 'rebuild events/s',
      store: kind,
      unit: 'events/s',
      median: median(rates),
      runs: rates,
      targetOn: 'median',
      target: { op: '>=', value: 100_000 },
      baseline: { name: 'raw driver read of the same event columns, pages of 20,000', median: median(raw), runs: raw },
    });
  } finally {
    await h.dispose();
  }
}

/** The floor of a replay: reading the same columns of every event, in chain order, pages of 20,000, raw driver. */
async function rawReplayRead(h: BenchHub): Promise<number> {
  const c = await rawConnection(h);
  try {
    const sql =
      'select chain_seq, warehouse_id, sku_id, lot, expiry, quantity, from_status, to_status from events ' +
      'where chain_seq > ? order by chain_seq limit 20000';
    const t = stopwatch();
    let after = 0;
    let n = 0;
    for (;;) {
      const rows = (await c.query(sql, [after])) as { chain_seq: number | string }[];
      n += rows.length;
      const last = rows[rows.length - 1];
      if (!last || rows.length < 20000) break;
      after = Number(last.chain_seq);
    }
    return perSecond(n, t.ms());
  } finally {
    await c.close();
  }
}

emit({ bench: 'rebuild', metrics, notes, maxRssMiB: maxRssMiB(), seconds: sw.ms() / 1000 });

/**
 * ATP latency: one SKU across all warehouses, `atpFor(db, [sku])`, for 10,000 random SKUs, after
 * stocking 10,000 SKUs × 50 warehouses through the ingestor (one receipt per cell, then a mix of
 * moves and shipments, so positions hold both `available` and `picking`). p50/p99 per run, medians
 * over runs.
 */
import { atpFor } from '../src/ledger/index.ts';
import { envInt, quick, RUNS } from './lib/config.ts';
import { EventStream } from './lib/events.ts';
import { stockEveryCell } from './lib/load-network.ts';
import { makeNetwork } from './lib/network.ts';
import { log, progress, clearProgress } from './lib/progress.ts';
import { emit, maxRssMiB, type Metric } from './lib/result.ts';
import { pick, rng } from './lib/rng.ts';
import { type Latency, latency, median } from './lib/stats.ts';
import { type BenchHub, freshHub, storeKinds } from './lib/stores.ts';
import { rawConnection } from './lib/raw-access.ts';
import { stopwatch } from './lib/timer.ts';

const SKUS = envInt('BENCH_ATP_SKUS', quick ? 2_000 : 10_000);
const QUERIES = envInt('BENCH_ATP_QUERIES', quick ? 2_000 : 10_000);
const MIXED = Math.round(SKUS * 5);
const sw = stopwatch();
const net = makeNetwork({ warehouses: 50, skus: SKUS, aliasShare: 0.1 });
const metrics: Metric[] = [];
const notes: string[] = [
  `${SKUS.toLocaleString('en-US')} SKUs × 50 warehouses stocked through the ingestor (${(SKUS * 50).toLocaleString('en-US')} receipts ` +
    `+ ${MIXED.toLocaleString('en-US')} mixed events); ${QUERIES.toLocaleString('en-US')} awaited atpFor(db, [sku]) calls per run, ` +
    `each answering 50 warehouses, after 500 warm-up calls.`,
];

for (const kind of storeKinds()) {
  const h = await freshHub(kind, net);
  try {
    const load = await stockEveryCell(h.hub, net, new EventStream(net, undefined, 11, SKUS), SKUS, MIXED, `${kind} stocking`);
    log(`${kind}: stocked in ${(load.ms / 1000).toFixed(1)} s (${Math.round(load.perSecond)} events/s)`);
    notes.push(`${kind}: stocking ingest ran at ${Math.round(load.perSecond).toLocaleString('en-US')} events/s.`);
    const db = h.hub.store.db;
    const r = rng(99);
    for (let i = 0; i < 500; i++) await atpFor(db, [net.skuIds[pick(r, SKUS)] as string]);
    const p50s: number[] = [];
    const p99s: number[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const samples: number[] = [];
      for (let i = 0; i < QUERIES; i++) {
        const sku = net.skuIds[pick(r, SKUS)] as string;
        const t0 = performance.now();
        const rows = await atpFor(db, [sku]);
        samples.push(performance.now() - t0);
        if (rows.length !== 50) throw new Error(`ATP of ${sku}: ${rows.length} warehouses, expected 50`);
        if (i % 500 === 0) progress(`${kind} ATP run ${run}`, i, QUERIES);
      }
      clearProgress();
      const l = latency(samples);
      p50s.push(l.p50);
      p99s.push(l.p99);
      log(`${kind} ATP run ${run}: p50 ${l.p50.toFixed(3)} ms, p99 ${l.p99.toFixed(3)} ms, max ${l.max.toFixed(1)} ms`);
    }
    const raw = await rawAtp(h, SKUS, QUERIES, r);
    log(`${kind} raw ATP SQL: p50 ${raw.p50.toFixed(3)} ms, p99 ${raw.p99.toFixed(3)} ms`);
    metrics.push({
      name: 'ATP 1 SKU × 50 warehouses',
      store: kind,
      unit: 'ms (p50)',
      median: median(p50s),
      runs: p50s,
      p99: median(p99s),
      targetOn: 'p99',
      target: { op: '<=', value: 2 },
      baseline: { name: 'same SQL, raw driver, p50 ms', median: raw.p50, runs: [raw.p50] },
      notes: [
        `p99 per run: ${p99s.map((x) => x.toFixed(3)).join(', ')} ms; the same SQL on a raw driver connection: ` +
          `p50 ${raw.p50.toFixed(3)} ms, p99 ${raw.p99.toFixed(3)} ms.`,
      ],
    });
  } finally {
    await h.dispose();
  }
}

/** The floor: atpFor's SQL for one SKU through a raw driver connection, same data, same number of calls. */
async function rawAtp(h: BenchHub, skus: number, queries: number, r: () => number): Promise<Latency> {
  const c = await rawConnection(h);
  try {
    const sql =
      'select sku_id, warehouse_id, sum(qty) as available, sum(held) as held from positions ' +
      'where status = ? and sku_id in (?) group by sku_id, warehouse_id order by sku_id, warehouse_id';
    const samples: number[] = [];
    for (let i = 0; i < 500 + queries; i++) {
      const t0 = performance.now();
      const rows = await c.query(sql, ['available', net.skuIds[pick(r, skus)] as string]);
      if (i >= 500) samples.push(performance.now() - t0);
      if (rows.length !== 50) throw new Error(`raw ATP: ${rows.length} warehouses`);
    }
    return latency(samples);
  } finally {
    await c.close();
  }
}

emit({ bench: 'atp', metrics, notes, maxRssMiB: maxRssMiB(), seconds: sw.ms() / 1000 });

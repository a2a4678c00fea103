/**
 * Memory: 1,000,000 positions (20,000 SKUs × 50 warehouses, one receipt each through the ingestor)
 * in a SQLite store, then a rebuild over them, a batch of ATP queries and an ingest of mixed events;
 * the peak RSS of the whole process (sampled, and the kernel's maxRSS) against the 1 GiB target.
 */
import { atpFor, rebuildPositions } from '../src/ledger/index.ts';
import { envInt, quick } from './lib/config.ts';
import { EventStream } from './lib/events.ts';
import { expectAllApplied, generated, ingestChunks } from './lib/ingest-run.ts';
import { stockEveryCell } from './lib/load-network.ts';
import { makeNetwork } from './lib/network.ts';
import { clearProgress, log, progress } from './lib/progress.ts';
import { emit, maxRssMiB, type Metric } from './lib/result.ts';
import { pick, rng } from './lib/rng.ts';
import { RssSampler } from './lib/rss-sampler.ts';
import { freshHub } from './lib/stores.ts';
import { stopwatch } from './lib/timer.ts';

const SKUS = envInt('BENCH_MEMORY_SKUS', quick ? 4_000 : 20_000);
const sw = stopwatch();
const sampler = new RssSampler();
const net = makeNetwork({ warehouses: 50, skus: SKUS, aliasShare: 0.1 });
const h = await freshHub('sqlite', net);
const notes: string[] = [];
let positions = 0;
try {
  sampler.enter('stock positions (ingest)');
  const stream = new EventStream(net, undefined, 11, SKUS);
  const load = await stockEveryCell(h.hub, net, stream, SKUS, 0, 'stocking');
  const count = await h.hub.store.db.selectFrom('positions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  positions = Number(count.n);
  log(`stocked ${positions} positions at ${Math.round(load.perSecond)} events/s`);

  sampler.enter('rebuild');
  const r = await rebuildPositions(h.hub.store.db, { onProgress: (d, t) => progress('rebuild', d, t) });
  clearProgress();
  if (r.differences.length !== 0) throw new Error(`rebuild found ${r.differences.length} differences`);
  log(`rebuild of ${r.events} events, ${r.positions} positions in ${r.seconds.toFixed(1)} s`);

  sampler.enter('ATP ×1,000');
  const rand = rng(5);
  for (let i = 0; i < 1000; i++) await atpFor(h.hub.store.db, [net.skuIds[pick(rand, SKUS)] as string]);

  sampler.enter('ingest 50,000 mixed');
  const more = await ingestChunks(h.hub, generated(50_000, (n) => stream.next(n)), 50_000, 'ingest');
  clearProgress();
  expectAllApplied(more, 'mixed ingest');
  sampler.stop();
  notes.push(
    `${positions.toLocaleString('en-US')} positions from ${load.events.toLocaleString('en-US')} receipts through the ingestor ` +
      `(${Math.round(load.perSecond).toLocaleString('en-US')} events/s); rebuild over ${r.events.toLocaleString('en-US')} events ` +
      `in ${r.seconds.toFixed(1)} s with zero differences; 1,000 ATP queries; 50,000 mixed events ingested.`,
  );
  for (const [phase, p] of sampler.peaks) {
    notes.push(
      `phase "${phase}": sampled RSS peak ${Math.round(p.sampledMiB)} MiB (JS heap used ≤ ${Math.round(p.heapMiB)} MiB), ` +
        `kernel maxRSS after it ${Math.round(p.maxRssAfterMiB)} MiB`,
    );
  }
} finally {
  await h.dispose();
}

const peak = maxRssMiB();
const metrics: Metric[] = [
  {
    name: `peak RSS, ${positions.toLocaleString('en-US')} positions`,
    store: 'sqlite',
    unit: 'MiB',
    median: peak,
    runs: [peak],
    targetOn: 'median',
    target: { op: '<=', value: 1024 },
    notes: [`sampled memoryUsage().rss peak ${Math.round(sampler.sampledPeakMiB)} MiB`],
  },
];
emit({ bench: 'memory', metrics, notes, maxRssMiB: peak, seconds: sw.ms() / 1000 });

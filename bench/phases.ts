/**
 * Diagnosis, not a target: where one ingest batch spends its time, phase by phase (prepare, load
 * state, decide, write, commit), replaying what Ingestor.commit does on a fresh store, in µs per
 * event (median over runs). It reaches into the ledger's insides on purpose, to explain the ingest
 * figure; run-all quotes it where the ingest target is missed.
 */
import { loadBatchState } from '../src/ledger/batch-state.ts';
import { decideBatch } from '../src/ledger/decide-batch.ts';
import { prepareEvent } from '../src/ledger/prepare-event.ts';
import { writeBatch } from '../src/ledger/write-batch.ts';
import { envInt, quick, RUNS } from './lib/config.ts';
import { EventStream } from './lib/events.ts';
import { makeNetwork } from './lib/network.ts';
import { log } from './lib/progress.ts';
import { emit, maxRssMiB, type Metric } from './lib/result.ts';
import { median } from './lib/stats.ts';
import { freshHub, type StoreKind, storeKinds } from './lib/stores.ts';
import { stopwatch } from './lib/timer.ts';

const N = envInt('BENCH_PHASE_EVENTS', quick ? 50_000 : 100_000);
const PHASES = ['prepare', 'load', 'decide', 'write', 'commit', 'total'] as const;
type Phase = (typeof PHASES)[number];

async function onePass(kind: StoreKind, events: readonly unknown[], net: ReturnType<typeof makeNetwork>): Promise<Record<Phase, number>> {
  const h = await freshHub(kind, net);
  try {
    const md = await h.hub.masterData.current();
    const t: Record<Phase, number> = { prepare: 0, load: 0, decide: 0, write: 0, commit: 0, total: 0 };
    const all = stopwatch();
    for (let i = 0; i < events.length; i += 5000) {
      let a = performance.now();
      const prepared = events.slice(i, i + 5000).map((raw) => prepareEvent(raw, md));
      t.prepare += performance.now() - a;
      const at = new Date().toISOString();
      let c = 0;
      await h.hub.store.db.transaction().execute(async (tx) => {
        a = performance.now();
        const state = await loadBatchState(tx, h.hub.store.dialect, prepared);
        t.load += performance.now() - a;
        a = performance.now();
        const d = decideBatch(state, prepared, at);
        t.decide += performance.now() - a;
        a = performance.now();
        await writeBatch(tx, d, at);
        t.write += performance.now() - a;
        c = performance.now();
      });
      t.commit += performance.now() - c;
    }
    t.total = all.ms();
    for (const p of PHASES) t[p] = (t[p] * 1000) / events.length;
    return t;
  } finally {
    await h.dispose();
  }
}

const sw = stopwatch();
const net = makeNetwork();
const events = new EventStream(net).next(N);
const metrics: Metric[] = [];
for (const kind of storeKinds()) {
  const runs: Record<Phase, number>[] = [];
  for (let r = 0; r < RUNS; r++) {
    runs.push(await onePass(kind, events, net));
    log(`${kind} phases run ${r + 1}: ${PHASES.map((p) => `${p} ${(runs[r] as Record<Phase, number>)[p].toFixed(1)}`).join(', ')} µs/event`);
  }
  for (const p of PHASES) {
    const xs = runs.map((x) => x[p]);
    metrics.push({ name: p, store: kind, unit: 'µs/event', median: median(xs), runs: xs });
  }
}
emit({
  bench: 'phases',
  metrics,
  notes: [`${N.toLocaleString('en-US')} events in batches of 5,000, one transaction each, on a fresh store per run.`],
  maxRssMiB: maxRssMiB(),
  seconds: sw.ms() / 1000,
});

/**
 * The pipeline benchmark (issue 3, section 5): from a WMS message accepted to the global view
 * updated. Embedded defaults (SQLite + embedded bus): p50/p99 latency at a steady rate
 * (BENCH_PIPE_RATE, default 5,000 events/s) for BENCH_PIPE_SECONDS (default 15) after a 3 s
 * warm-up, for webhook pushes over HTTP (WMS in another process) and for the bus sink (a pulling
 * connector's door). With NATS_URL and DATABASE_URL set: sustained events/s through NATS JetStream
 * into PostgreSQL (BENCH_PIPE_EVENTS, default 100,000), with raw JetStream publish/consume and the
 * ledger alone on PostgreSQL measured in the same run. BENCH_RUNS runs each (default 3), medians
 * printed and written to bench/PIPELINE-RESULTS.md.
 *
 *   node --import tsx bench/pipeline.ts
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { envInt, quick, RUNS } from './lib/config.ts';
import { machineInfo } from './lib/machine.ts';
import { median } from './lib/stats.ts';
import { latencyRun, type LatencyRun } from './pipeline-latency.ts';
import { pipelineMarkdown } from './pipeline-results.ts';
import { splitRun, type SplitRun } from './pipeline-split.ts';
import { throughputRun, type ThroughputRun } from './pipeline-throughput.ts';

const RATE = envInt('BENCH_PIPE_RATE', 5000);
const SECONDS = envInt('BENCH_PIPE_SECONDS', quick ? 5 : 15);
const EVENTS = envInt('BENCH_PIPE_EVENTS', quick ? 30_000 : 100_000);
const BATCH = envInt('BENCH_PIPE_BATCH', 50);

const started = Date.now();
const loadBefore = loadavg()[0] ?? 0;
const latencies: Record<'webhook' | 'sink', LatencyRun[]> = { webhook: [], sink: [] };
for (let run = 1; run <= RUNS; run++) {
  for (const path of ['webhook', 'sink'] as const) {
    const r = await latencyRun({ path, rate: RATE, seconds: SECONDS, warmupSeconds: 3, batch: BATCH });
    latencies[path].push(r);
    console.log(`embedded ${path} run ${run}: ${Math.round(r.achieved)} events/s accepted, p50 ${r.latency.p50.toFixed(1)} ms, p99 ${r.latency.p99.toFixed(1)} ms, max ${r.latency.max.toFixed(1)} ms, refused ${r.refused}, chain ${r.verified ? 'ok' : 'BROKEN'}`);
  }
}

const databaseUrl = process.env.DATABASE_URL;
const natsUrl = process.env.NATS_URL;
const throughputs: ThroughputRun[] = [];
const splits: SplitRun[] = [];
if (databaseUrl && natsUrl) {
  for (let run = 1; run <= RUNS; run++) {
    const r = await throughputRun({ databaseUrl, natsUrl, events: EVENTS, chunk: 1000, inFlight: 8, run });
    throughputs.push(r);
    console.log(
      `NATS→PG run ${run}: end to end ${Math.round(r.endToEnd)} events/s (published ${Math.round(r.published)}/s, drain ${Math.round(r.drain)}/s), ledger alone ${Math.round(r.ledgerOnly)}/s, raw JetStream publish ${Math.round(r.rawPublish)}/s consume ${Math.round(r.rawConsume)}/s, refused ${r.refused}`,
    );
    const split = await splitRun({ databaseUrl, natsUrl, events: EVENTS, chunk: 1000, run });
    splits.push(split);
    console.log(`NATS→PG run ${run}, connectors in a second hub process: end to end ${Math.round(split.endToEnd)} events/s (published ${Math.round(split.published)}/s), refused ${split.refused}`);
  }
} else {
  console.log('NATS_URL and DATABASE_URL not both set: the NATS JetStream → PostgreSQL figures are skipped.');
}

const med = (xs: readonly number[]) => median(xs);
for (const path of ['webhook', 'sink'] as const) {
  const rs = latencies[path];
  console.log(`median embedded ${path}: p50 ${med(rs.map((r) => r.latency.p50)).toFixed(1)} ms, p99 ${med(rs.map((r) => r.latency.p99)).toFixed(1)} ms at ${Math.round(med(rs.map((r) => r.achieved)))} events/s`);
}
if (throughputs.length > 0) console.log(`median NATS→PG end to end: ${Math.round(med(throughputs.map((r) => r.endToEnd)))} events/s`);

const out = fileURLToPath(new URL('./PIPELINE-RESULTS.md', import.meta.url));
const summary = { machine: machineInfo(), rate: RATE, seconds: SECONDS, batch: BATCH, events: EVENTS, runs: RUNS, latencies, throughputs, splits, minutes: (Date.now() - started) / 60_000, load: [loadBefore, loadavg()[0] ?? 0] as const };
writeFileSync(out, pipelineMarkdown(summary));
// Every figure of the run, to re-render or compare later (BENCH_JSON=file).
if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify(summary, null, 2));
console.log(`written ${out}`);

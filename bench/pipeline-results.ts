/** bench/PIPELINE-RESULTS.md from a pipeline benchmark run: medians against the targets, every run listed. */
import type { MachineInfo } from './lib/machine.ts';
import { median } from './lib/stats.ts';
import type { LatencyRun } from './pipeline-latency.ts';
import type { SplitRun } from './pipeline-split.ts';
import type { ThroughputRun } from './pipeline-throughput.ts';

export interface PipelineSummary {
  readonly machine: MachineInfo;
  readonly rate: number;
  readonly seconds: number;
  readonly batch: number;
  readonly events: number;
  readonly runs: number;
  readonly latencies: Readonly<Record<'webhook' | 'sink', readonly LatencyRun[]>>;
  readonly throughputs: readonly ThroughputRun[];
  readonly splits: readonly SplitRun[];
  readonly minutes: number;
  /** 1-minute load average when the run started and ended (other work on the machine). */
  readonly load: readonly [number, number];
}

const n0 = (x: number): string => Math.round(x).toLocaleString('en');
const ms = (x: number): string => `${x.toFixed(1)} ms`;
const list = (xs: readonly number[], f: (x: number) => string): string => xs.map(f).join(', ');
const verdict = (ok: boolean): string => (ok ? '**met**' : '**missed**');

export function pipelineMarkdown(s: PipelineSummary): string {
  const m = s.machine;
  const lines = [
    '# Pipeline benchmark results',
    '',
    `Written by \`node --import tsx bench/pipeline.ts\` on ${m.date}. Machine: ${m.cpuModel}, ${m.cores} cores, ${m.totalMemGiB} GiB, ${m.os}, Node ${m.node}. ` +
      `Each figure is the median of ${s.runs} runs (every run listed). Whole run: ${s.minutes.toFixed(1)} min; load average ${s.load[0].toFixed(1)} at the start, ${s.load[1].toFixed(1)} at the end.`,
    '',
    '## From a WMS message accepted to the global view updated (embedded: SQLite + embedded bus)',
    '',
    `A steady ${n0(s.rate)} events/s offered for ${s.seconds} s after a 3 s warm-up, in deliveries of ${s.batch} events over 10 warehouses × 200 SKUs ` +
      '(receipts, and shipments of stock already received). Latency per event: from its sender getting the answer (webhook: HTTP 200; sink: `events()` resolved — ' +
      'the bus stored it durably) to the ledger consumer committing it (positions are updated in that transaction).',
    '',
    '| path | accepted events/s | p50 | p90 | p99 | max | target p99 ≤ 100 ms | refused | runs (p99) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const path of ['webhook', 'sink'] as const) {
    const rs = s.latencies[path];
    if (rs.length === 0) continue;
    const p99 = median(rs.map((r) => r.latency.p99));
    lines.push(
      `| ${path === 'webhook' ? 'signed webhook over HTTP (WMS in its own process)' : 'bus sink (a pulling connector, same process)'} | ${n0(median(rs.map((r) => r.achieved)))} | ${ms(median(rs.map((r) => r.latency.p50)))} | ${ms(median(rs.map((r) => r.latency.p90)))} | ${ms(p99)} | ${ms(median(rs.map((r) => r.latency.max)))} | ${verdict(p99 <= 100)} | ${rs.reduce((n, r) => n + r.refused, 0)} | ${list(rs.map((r) => r.latency.p99), ms)} |`,
    );
  }
  lines.push('', '## Sustained end to end through NATS JetStream into PostgreSQL', '');
  const t = s.throughputs;
  if (t.length === 0) {
    lines.push('Not measured in this run: set NATS_URL and DATABASE_URL.');
  } else {
    const e2e = median(t.map((r) => r.endToEnd));
    lines.push(
      `${n0(s.events)} events published through the bus sink (calls of 1,000 events of one warehouse, 8 in flight, in the hub's process) while the durable ledger consumer applies them to PostgreSQL; ` +
        'end to end = events applied ÷ time from the first publish to the last commit. Measured in the same run: raw JetStream with the official client ' +
        '(publish with a window of 1,000 acks, durable pull consume acking each), the ledger consumer draining a stream published beforehand, and the ledger alone on the same PostgreSQL (ingest calls of 5,000, 2 in flight).',
      '',
      '| figure | median events/s | runs | target | ours ÷ raw |',
      '| --- | --- | --- | --- | --- |',
      `| end to end, NATS → PostgreSQL | ${n0(e2e)} | ${list(t.map((r) => r.endToEnd), n0)} | ≥ 10,000: ${verdict(e2e >= 10_000)} | ${(e2e / median(t.map((r) => r.rawPublish))).toFixed(2)} of raw publish |`,
      ...(s.splits.length > 0
        ? [`| end to end, connectors in a second hub process | ${n0(median(s.splits.map((r) => r.endToEnd)))} | ${list(s.splits.map((r) => r.endToEnd), n0)} | ≥ 10,000: ${verdict(median(s.splits.map((r) => r.endToEnd)) >= 10_000)} | – |`]
        : []),
      `| published (bus sink resolved) | ${n0(median(t.map((r) => r.published)))} | ${list(t.map((r) => r.published), n0)} | – | ${(median(t.map((r) => r.published)) / median(t.map((r) => r.rawPublish))).toFixed(2)} |`,
      `| ledger consumer draining JetStream → PostgreSQL | ${n0(median(t.map((r) => r.drain)))} | ${list(t.map((r) => r.drain), n0)} | – | ${(median(t.map((r) => r.drain)) / median(t.map((r) => r.rawConsume))).toFixed(2)} of raw consume |`,
      `| ledger alone on PostgreSQL (no bus) | ${n0(median(t.map((r) => r.ledgerOnly)))} | ${list(t.map((r) => r.ledgerOnly), n0)} | – | – |`,
      `| raw JetStream publish (window 1,000) | ${n0(median(t.map((r) => r.rawPublish)))} | ${list(t.map((r) => r.rawPublish), n0)} | – | – |`,
      `| raw JetStream consume (durable, ack each) | ${n0(median(t.map((r) => r.rawConsume)))} | ${list(t.map((r) => r.rawConsume), n0)} | – | – |`,
      '',
      `Refused events over all runs: ${t.reduce((n, r) => n + r.refused, 0) + s.splits.reduce((n, r) => n + r.refused, 0)}; hash chain verified: ${t.every((r) => r.verified) ? 'yes' : 'NO'}.`,
    );
  }
  lines.push('', '## Notes', '', ...NOTES, '');
  return lines.join('\n');
}

/** What the figures mean and where they fall short (kept with the results, written by hand). */
const NOTES: readonly string[] = [
  '- The machine has 2 cores shared by the hub, its load generator, PostgreSQL, NATS — and other work: the load average at the start and end of the run is given above. Above a load of about 2 the figures measure the machine more than the hub; read them against the raw figures of the same run.',
  '- Embedded: one Node process does everything at 5,000 events/s — HTTP, signature checks, decoding, the bus (a SQLite log, one fsync per group of publishes), the ledger consumer (one transaction per batch, then the ack). The ledger costs ~100 µs/event here (bench/RESULTS.md, `phases`), so 5,000 events/s keeps that one core more than half busy, and better-sqlite3 runs every statement on the event loop: the p99 is set by deliveries queueing behind a batch commit (and WAL checkpoints, GC). At quieter moments single runs met the target (one earlier run on this machine: webhook p99 70 ms, sink p99 19 ms at 5,000 events/s); the medians under the load of this run did not.',
  '- NATS → PostgreSQL: the publishers (in the hub process, or in a second hub process) compete with the consumer, PostgreSQL and NATS for the same 2 cores; the drain figure (the consumer alone) and the ledger-alone figure show where the time goes — the ledger on PostgreSQL and the CPU, not JetStream (raw publish and consume are well above). The ≥ 10,000 events/s target is missed on this machine; reaching it needs the connectors and the ledger consumer on separate cores or machines.',
  '- Not measured here: several ledger consumers in parallel (one durable consumer applies the whole stream, by design: per-warehouse × SKU order and one hash chain).',
];

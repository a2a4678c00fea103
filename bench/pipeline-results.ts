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
  const title = (path: 'webhook' | 'sink'): string => (path === 'webhook' ? 'signed webhook over HTTP (WMS in its own process)' : 'bus sink (a pulling connector, same process)');
  const table = (pick: (r: LatencyRun) => LatencyRun['latency']): void => {
    for (const path of ['webhook', 'sink'] as const) {
      const rs = s.latencies[path];
      if (rs.length === 0) continue;
      const p99 = median(rs.map((r) => pick(r).p99));
      const achieved = median(rs.map((r) => r.achieved));
      // The target is a latency at a rate: a run that did not accept the offered rate has not shown it.
      const atRate = achieved >= 0.98 * s.rate;
      const v = atRate ? verdict(p99 <= 100) : `**missed** (${n0(achieved)} of ${n0(s.rate)} events/s accepted)`;
      lines.push(
        `| ${title(path)} | ${n0(achieved)} | ${ms(median(rs.map((r) => pick(r).p50)))} | ${ms(median(rs.map((r) => pick(r).p90)))} | ${ms(p99)} | ${ms(median(rs.map((r) => pick(r).max)))} | ${v} | ${rs.reduce((n, r) => n + r.refused, 0)} | ${list(rs.map((r) => pick(r).p99), ms)} |`,
      );
    }
  };
  table((r) => r.latency);
  lines.push(
    '',
    'The same events measured from the moment their sender **started** the delivery (webhook: request sent; sink: `events()` called) — acceptance included. ' +
      'This is the stricter figure: on SQLite the bus commits a publish, wakes the ledger consumer and only then waits for the fsync (off the event loop) before answering, ' +
      'so the ledger often commits an event before its sender has the answer, and the figure above then reads 0.',
    '',
    '| path | accepted events/s | p50 | p90 | p99 | max | p99 ≤ 100 ms | refused | runs (p99) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  table((r) => r.fromSend);
  lines.push(
    '',
    'Where the time goes in the hub process (medians over the runs): ledger consumer batches (one `ingest` call each), how long one takes, the event loop\'s delay, and garbage collection.',
    '',
    '| path | batches | batch size p50 / p99 / max | ingest p50 / p99 | event-loop delay p99 / max | GC ms per s / longest |',
    '| --- | --- | --- | --- | --- | --- |',
  );
  for (const path of ['webhook', 'sink'] as const) {
    const rs = s.latencies[path];
    if (rs.length === 0) continue;
    const md = (f: (r: LatencyRun) => number): number => median(rs.map(f));
    lines.push(
      `| ${path} | ${n0(md((r) => r.diag.batches))} | ${n0(md((r) => r.diag.batchSize.p50))} / ${n0(md((r) => r.diag.batchSize.p99))} / ${n0(md((r) => r.diag.batchSize.max))} | ${ms(md((r) => r.diag.ingestMs.p50))} / ${ms(md((r) => r.diag.ingestMs.p99))} | ${ms(md((r) => r.diag.loopDelayMs.p99))} / ${ms(md((r) => r.diag.loopDelayMs.max))} | ${md((r) => r.diag.gcMsPerS).toFixed(0)} / ${ms(md((r) => r.diag.gcMaxMs))} |`,
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
        '(`js.publish` with a window of 1,000 acks in flight, durable pull consume acking each, no async traces), the ledger consumer draining a stream published beforehand, and the ledger alone on the same PostgreSQL (ingest calls of 5,000, 2 in flight). ' +
        'The bus publishes with its own ack inbox (core publish + reply subject, src/bus/pub-ack-inbox.ts), lighter than `js.publish`, so it can exceed the raw figure.',
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
      `CPU of the hub's Node process per event (user + system): end to end ${median(t.map((r) => r.cpuUsPerEvent.endToEnd)).toFixed(0)} µs (runs ${list(t.map((r) => r.cpuUsPerEvent.endToEnd), (x) => x.toFixed(0))}), ` +
        `draining only ${median(t.map((r) => r.cpuUsPerEvent.drain)).toFixed(0)} µs (runs ${list(t.map((r) => r.cpuUsPerEvent.drain), (x) => x.toFixed(0))}); PostgreSQL and NATS use CPU of their own besides.`,
      '',
      `Refused events over all runs: ${t.reduce((n, r) => n + r.refused, 0) + s.splits.reduce((n, r) => n + r.refused, 0)}; hash chain verified: ${t.every((r) => r.verified) ? 'yes' : 'NO'}.`,
    );
  }
  lines.push('', '## Notes', '', ...NOTES, '');
  return lines.join('\n');
}

/** What the figures mean and where they fall short (kept with the results, written by hand). */
const NOTES: readonly string[] = [
  '- The machine has 2 cores shared by the hub, its load generator, PostgreSQL, NATS — and the work of about seven engineers: the load average at the start and end of the run is given above. Above a load of about 2 the figures measure the machine more than the hub; read them against the raw figures of the same run, and the CPU per event.',
  '- Embedded, which figure to believe: the issue measures from "accepted" to "applied". On SQLite the bus now commits a group of publishes without waiting for the disk, wakes the ledger consumer, and answers the publishers only after an fdatasync of the WAL that runs off the event loop (src/store/durable-commit.ts) — so the ledger usually commits an event before its sender has its answer, and accepted → applied reads 0 at the median. That is real (the view is updated before the WMS is told its message is safe), but it flatters: the second table, from the moment the sender started the delivery, is the honest end-to-end figure, and its p99 is what to hold against the 100 ms target.',
  '- Embedded, where the p99 comes from (the diagnosis table): one Node thread does HTTP, signatures, decoding, the bus and the ledger, and better-sqlite3 runs every statement, fsync included, on that thread. Taken off the event loop by this work: the publishes\' fsync (one per group, ~4 ms each under load) and the consumer\'s ack fsync (one per batch; the ack is now written without waiting for the disk — losing it only redelivers). Left on it: the ledger\'s own commit fsync (one per consumer batch, ~4 ms under load; src/ledger, the same WAL technique would apply there) and the ledger\'s CPU per event — the batch `ingest` p99 and the event-loop delay p99 move together, and GC adds tens of ms per second. Consumer batches are sized by what is waiting (up to 5,000): at 5,000 events/s they stay at 50–500 events.',
  '- NATS → PostgreSQL: the bus\'s publish path costs less CPU per message than the official client\'s `js.publish` (one ack inbox instead of a request per message: 38 → 22 µs of hub CPU per event, commit notes), and the consumer acknowledges once per batch (AckAll) in batches of up to 20,000. The "published" row is measured while the consumer, PostgreSQL and NATS work on the same cores, the raw publish row alone, so their ratio understates the publisher. End to end, publishers, the ledger consumer, PostgreSQL and NATS share the same 2 cores, so the end-to-end rate is below both the publish rate and the drain rate; the drain is bounded by the ledger on PostgreSQL (compare the ledger-alone row). The ≥ 10,000 events/s target is missed on this machine under this load; the hub\'s own CPU per event (above) is far below 100 µs, so the rest of the time is PostgreSQL, NATS and other work on the two cores.',
  '- Before this work (bench/PIPELINE-RESULTS.md of 2026-11-25T19:37Z, load 6.6 → 6.3, accepted → applied only): webhook p99 225.6 ms at 3,930 events/s accepted, sink p99 223.7 ms at 4,983; NATS → PostgreSQL end to end 4,477 events/s (0.39 of raw publish, raw publish then measured with async traces on), drain 11,443, ledger alone 16,060. The ledger itself got faster meanwhile (another engineer\'s commits, measured here too: see the ledger-alone row). Each bus change was measured on its own in interleaved A/B pairs; the figures are in its commit message (git log -- src/bus src/inbound).',
  '- The load on this machine swings between ~5 and ~20 within minutes; an earlier full run of this code today (before the NATS consumer took batches of 20,000) at load 17–19 gave: sent → applied p99 312.6 ms (webhook, only 4,137 of 5,000 events/s accepted) and 192.1 ms (sink); accepted → applied p99 75.0 and 13.8 ms; NATS → PostgreSQL end to end 6,204 events/s (0.45 of raw publish). The verdicts above hold for the load of this run only.',
  '- Not measured here: several ledger consumers in parallel (one durable consumer applies the whole stream, by design: per-warehouse × SKU order and one hash chain).',
];

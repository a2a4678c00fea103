/**
 * Latency from a WMS message accepted to the global view updated, on the embedded defaults
 * (SQLite file, embedded bus). `webhook`: WMS in another process (pipeline-wms.ts) push signed
 * deliveries of `batch` events at a steady `rate` over real HTTP; `sink`: the same events handed
 * to the bus sink in this process, one delivery in flight per warehouse, as pulling connectors do. Each event's latency runs from
 * the moment its sender got the 200 (or the sink resolved) to the moment the ledger consumer
 * committed it — positions are updated in that transaction. Times are epoch milliseconds from
 * `performance.timeOrigin + performance.now()` in both processes (same clock, sub-millisecond).
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { buildApp } from '../src/api/index.ts';
import { parseConnectorsConfig } from '../src/connectors/network/index.ts';
import type { InboundSink } from '../src/connectors/index.ts';
import { configFromEnv, openHub, startInbound } from '../src/hub/index.ts';
import { listDeadLetters, verifyLedger } from '../src/ledger/index.ts';
import { type Latency, latency, percentile } from './lib/stats.ts';
import { asInbound, BenchWms, SECRET, seedBenchNetwork, sourceOf, WAREHOUSES } from './pipeline-network.ts';

export interface LatencyOptions {
  readonly path: 'webhook' | 'sink';
  /** Events per second offered. */
  readonly rate: number;
  /** Measured seconds (after the warm-up). */
  readonly seconds: number;
  readonly warmupSeconds: number;
  /** Events per delivery. */
  readonly batch: number;
}

export interface LatencyRun {
  readonly path: 'webhook' | 'sink';
  readonly offered: number;
  /** Events accepted per second during the measured window. */
  readonly achieved: number;
  readonly measured: number;
  /** From the sender getting its answer (accepted: durably stored) to the ledger commit — the figure. */
  readonly latency: Latency;
  /**
   * From the sender starting the delivery (request sent / sink called) to the ledger commit: the
   * acceptance itself included. Reported beside `latency` because the hub may apply an event before
   * its sender has the answer (the bus makes it durable off the event loop while the consumer reads).
   */
  readonly fromSend: Latency;
  readonly refused: number;
  readonly verified: boolean;
  /** Where the time goes (diagnosis): ledger consumer batches, event-loop stalls and GC in the hub's process. */
  readonly diag: LatencyDiag;
}

export interface LatencyDiag {
  /** Ledger consumer handler calls (`ingestor.ingest` of a delivered batch). */
  readonly batches: number;
  readonly batchSize: { readonly p50: number; readonly p99: number; readonly max: number };
  /** Time of one `ingest` call, ms (the event loop is busy for most of it on SQLite). */
  readonly ingestMs: { readonly p50: number; readonly p99: number; readonly max: number };
  /** Event-loop delay of the hub's process, ms. */
  readonly loopDelayMs: { readonly p99: number; readonly max: number };
  /** Garbage collection: total pause ms per second measured, and the longest pause. */
  readonly gcMsPerS: number;
  readonly gcMaxMs: number;
}

const epoch = (): number => performance.timeOrigin + performance.now();

export async function latencyRun(o: LatencyOptions): Promise<LatencyRun> {
  const dir = mkdtempSync(join(tmpdir(), 'stockmesh-pipe-'));
  const hub = await openHub({ ...configFromEnv({}), dataDir: dir, databaseUrl: undefined, natsUrl: undefined });
  try {
    await seedBenchNetwork(hub);
    const sources = Array.from({ length: WAREHOUSES }, (_, w) => ({ source: sourceOf(w), dialect: 'webhook' as const, secret: SECRET }));
    const inbound = await startInbound(hub, { connectors: parseConnectorsConfig({ sources }, { origin: 'bench', baseDir: dir, env: {} }) });
    const app = await buildApp({ hub, webhooks: inbound.connectors.webhooks });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as { port: number }).port;
    const wms = new BenchWms();
    const appliedAt = new Map<string, number>();
    let refused = 0;
    const sizes: number[] = [];
    const ingestMs: number[] = [];
    const ingest = hub.ingestor.ingest.bind(hub.ingestor);
    hub.ingestor.ingest = async (inputs) => {
      const t0 = performance.now();
      try {
        return await ingest(inputs);
      } finally {
        sizes.push(inputs.length);
        ingestMs.push(performance.now() - t0);
      }
    };
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    let gcMs = 0;
    let gcMax = 0;
    const gc = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        gcMs += e.duration;
        gcMax = Math.max(gcMax, e.duration);
      }
    });
    gc.observe({ entryTypes: ['gc'] });
    const t0 = performance.now();
    inbound.onApplied((results) => {
      const t = epoch();
      for (const r of results) {
        if (r.id === null) continue;
        if (r.outcome === 'rejected') refused += 1;
        else if (o.path === 'sink') wms.applied(r.id);
        appliedAt.set(r.id, t);
      }
    });
    const total = o.warmupSeconds + o.seconds;
    const { accepted, failures } = o.path === 'webhook' ? await pushFromChild(port, o, total) : await pushFromSink(inbound.sink, wms, o, total);
    const drainUntil = Date.now() + 60_000;
    while (appliedAt.size < accepted.length && Date.now() < drainUntil) await new Promise((r) => setTimeout(r, 20));
    loop.disable();
    gc.disconnect();
    const elapsedS = (performance.now() - t0) / 1000;
    await app.close();
    await inbound.stop();
    if (failures > 0) throw new Error(`${failures} deliveries failed`);
    const first = Math.min(...accepted.slice(0, 1000).map(([, t]) => t));
    const from = first + o.warmupSeconds * 1000;
    const to = from + o.seconds * 1000;
    const window = accepted.filter(([, t]) => t >= from && t < to);
    const samples = window.map(([id, t]) => Math.max(0, (appliedAt.get(id) ?? Number.POSITIVE_INFINITY) - t));
    const fromSend = window.map(([id, , sent]) => (appliedAt.get(id) ?? Number.POSITIVE_INFINITY) - sent);
    const dead = await listDeadLetters(hub.store.db, { state: 'pending' });
    const verified = (await verifyLedger(hub.store.db)).ok;
    const q = (xs: number[]) => ({ p50: percentile(xs, 50), p99: percentile(xs, 99), max: Math.max(0, ...xs) });
    const diag: LatencyDiag = {
      batches: sizes.length,
      batchSize: q(sizes),
      ingestMs: q(ingestMs),
      loopDelayMs: { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
      gcMsPerS: gcMs / elapsedS,
      gcMaxMs: gcMax,
    };
    return { path: o.path, offered: o.rate, achieved: window.length / o.seconds, measured: samples.length, latency: latency(samples), fromSend: latency(fromSend), refused: refused + dead.length, verified, diag };
  } finally {
    await hub.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the WMS in a child process against the hub's port; returns when it is done. */
function pushFromChild(port: number, o: LatencyOptions, seconds: number): Promise<{ accepted: [string, number, number][]; failures: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL('./pipeline-wms.ts', import.meta.url), [String(port), String(o.rate), String(seconds), String(o.batch)], { execArgv: ['--import', 'tsx'] });
    let result: { accepted: [string, number, number][]; failures: number } | undefined;
    child.on('message', (m) => (result = m as typeof result));
    child.on('error', reject);
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`the WMS process exited with ${code} without results`))));
  });
}

/**
 * Hands deliveries to the bus sink in this process at a steady pace, one in flight per warehouse —
 * as pulling connectors do, each with one page in hand (so a shipment never overtakes its receipt).
 */
async function pushFromSink(sink: InboundSink, wms: BenchWms, o: LatencyOptions, seconds: number): Promise<{ accepted: [string, number, number][]; failures: number }> {
  const accepted: [string, number, number][] = [];
  let failures = 0;
  const perDelivery = (o.batch * 1000 * WAREHOUSES) / o.rate;
  const until = performance.now() + seconds * 1000;
  const connector = async (w: number): Promise<void> => {
    const start = performance.now() + (w * perDelivery) / WAREHOUSES;
    for (let k = 0; ; k++) {
      const due = start + k * perDelivery;
      if (due > until) return;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const events = wms.events(w, o.batch, new Date().toISOString());
      const sent = epoch();
      try {
        await sink.events(events.map((e) => ({ raw: asInbound(e, w) })));
        const t = epoch();
        for (const e of events) accepted.push([`${sourceOf(w)}:${e.id}`, t, sent]);
      } catch {
        failures += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: WAREHOUSES }, (_, w) => connector(w)));
  return { accepted, failures };
}

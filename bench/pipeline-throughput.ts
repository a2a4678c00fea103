/**
 * Sustained events/s end to end in production shape: connectors publishing through the bus sink
 * into NATS JetStream, the durable ledger consumer applying them to PostgreSQL. Measured in the
 * same run, for the ratio: raw JetStream publish (window of acks) and consume with the official
 * client, and the ledger's own ingest rate on the same PostgreSQL (no bus in between).
 */
import { connect } from '@nats-io/transport-node';
import type { InboundSink } from '../src/connectors/index.ts';
import { configFromEnv, type Hub, openHub, startInbound } from '../src/hub/index.ts';
import { listDeadLetters, verifyLedger } from '../src/ledger/index.ts';
import { rawConsume, rawPublishWindowed, rawStream } from './bus-raw-nats.ts';
import { perSecond } from './lib/timer.ts';
import { asInbound, BenchWms, seedBenchNetwork, WAREHOUSES } from './pipeline-network.ts';

export interface ThroughputOptions {
  readonly databaseUrl: string;
  readonly natsUrl: string;
  readonly events: number;
  /** Events per publish call (one connector delivery or page). */
  readonly chunk: number;
  /** Publish calls in flight (connectors publishing side by side). */
  readonly inFlight: number;
  /** Run number (keeps schemas, streams and durables apart). */
  readonly run: number;
}

export interface ThroughputRun {
  readonly events: number;
  /** Events/s from the first publish to the last event applied (the end-to-end figure). */
  readonly endToEnd: number;
  /** Events/s accepted by the bus (publishes resolved). */
  readonly published: number;
  /** Events/s the ledger consumer drains from JetStream into PostgreSQL when everything was published before it started. */
  readonly drain: number;
  /** The ledger alone on the same PostgreSQL, events/s (ingest calls of 5,000, 2 in flight). */
  readonly ledgerOnly: number;
  readonly rawPublish: number;
  readonly rawConsume: number;
  /** CPU of the hub's process (user + system) per event, µs: end to end (publishing and consuming), and draining only. */
  readonly cpuUsPerEvent: { readonly endToEnd: number; readonly drain: number };
  readonly refused: number;
  readonly verified: boolean;
}

const PAYLOAD = JSON.stringify({ id: 'bench-wms-03:e123456', source: 'bench-wms-03', occurredAt: '2026-11-25T08:00:00.000Z', warehouse: 'BW-03', sku: 'BSKU-0042', quantity: 7, reason: 'receipt', toStatus: 'available' });

async function openPg(o: ThroughputOptions, tag: string): Promise<{ hub: Hub; drop: () => Promise<void> }> {
  const schema = `bench_pipe_${process.pid}_${o.run}_${tag}`;
  const prefix = `benchpipe${process.pid}r${o.run}${tag}`;
  const hub = await openHub({ ...configFromEnv({}), databaseUrl: o.databaseUrl, natsUrl: o.natsUrl }, { pgSchema: schema, busSubjectPrefix: prefix, busStream: prefix.toUpperCase() });
  return {
    hub,
    drop: async () => {
      await hub.store.db.schema.dropSchema(schema).ifExists().cascade().execute();
      await hub.close();
      const nc = await connect({ servers: o.natsUrl });
      const { jetstreamManager } = await import('@nats-io/jetstream');
      await (await jetstreamManager(nc)).streams.delete(prefix.toUpperCase()).catch(() => false);
      await nc.close();
    },
  };
}

export async function throughputRun(o: ThroughputOptions): Promise<ThroughputRun> {
  const { hub, drop } = await openPg(o, 'e2e');
  let endToEnd: number;
  let published: number;
  let refused = 0;
  let verified: boolean;
  let cpuE2e: number;
  try {
    await seedBenchNetwork(hub);
    const prefix = `benchpipe${process.pid}r${o.run}e2e`;
    const inbound = await startInbound(hub, { subjectPrefix: prefix, durable: `ledger_bench_${o.run}` });
    const wms = new BenchWms();
    let applied = 0;
    let lastApplied = 0;
    inbound.onApplied((results) => {
      for (const r of results) {
        if (r.id === null) continue;
        if (r.outcome === 'rejected') refused += 1;
        else wms.applied(r.id);
        applied += 1;
      }
      lastApplied = performance.now();
    });
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const tPublished = await publishAll(inbound.sink, wms, o);
    const until = Date.now() + 300_000;
    while (applied < o.events && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    endToEnd = perSecond(applied, lastApplied - t0);
    cpuE2e = cpuUs(cpu0) / applied;
    published = perSecond(o.events, tPublished - t0);
    await inbound.stop();
    refused += (await listDeadLetters(hub.store.db, { state: 'pending' })).length;
    verified = (await verifyLedger(hub.store.db)).ok;
  } finally {
    await drop();
  }
  const { rate: drain, cpuUsPerEvent: cpuDrain } = await drainRate(o);
  const ledgerOnly = await ledgerOnlyRate(o);
  const { rawPublish, rawConsume: consumeRate } = await rawNats(o);
  return { events: o.events, endToEnd, published, drain, ledgerOnly, rawPublish, rawConsume: consumeRate, cpuUsPerEvent: { endToEnd: cpuE2e, drain: cpuDrain }, refused, verified };
}

function cpuUs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return d.user + d.system;
}

/** Publishes `events` in calls of `chunk` (one warehouse each), `inFlight` at a time; resolves with the time the last one resolved. */
async function publishAll(sink: InboundSink, wms: BenchWms, o: ThroughputOptions): Promise<number> {
  let sent = 0;
  let call = 0;
  const worker = async (): Promise<void> => {
    while (sent < o.events) {
      const n = Math.min(o.chunk, o.events - sent);
      sent += n;
      const w = call++ % WAREHOUSES;
      const events = wms.events(w, n, new Date().toISOString());
      await sink.events(events.map((e) => ({ raw: asInbound(e, w) })));
    }
  };
  await Promise.all(Array.from({ length: o.inFlight }, worker));
  return performance.now();
}

/** Publishes receipts first (nothing consumes), then times the ledger consumer applying them all. */
async function drainRate(o: ThroughputOptions): Promise<{ rate: number; cpuUsPerEvent: number }> {
  const { hub, drop } = await openPg(o, 'drain');
  try {
    await seedBenchNetwork(hub);
    const prefix = `benchpipe${process.pid}r${o.run}drain`;
    const { busSink } = await import('../src/inbound/index.ts');
    const wms = new BenchWms();
    await publishAll(busSink(hub.bus, prefix), wms, o);
    let applied = 0;
    let last = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const inbound = await startInbound(hub, { subjectPrefix: prefix, durable: `ledger_drain_${o.run}` });
    inbound.onApplied((results) => {
      applied += results.length;
      last = performance.now();
    });
    const until = Date.now() + 300_000;
    while (applied < o.events && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    const cpu = cpuUs(cpu0);
    await inbound.stop();
    return { rate: perSecond(applied, last - t0), cpuUsPerEvent: cpu / applied };
  } finally {
    await drop();
  }
}

async function ledgerOnlyRate(o: ThroughputOptions): Promise<number> {
  const { hub, drop } = await openPg(o, 'ledger');
  try {
    await seedBenchNetwork(hub);
    const wms = new BenchWms();
    const n = Math.min(o.events, 50_000);
    const calls: Record<string, unknown>[][] = [];
    for (let i = 0; i < n; i += 5000) {
      const w = (i / 5000) % WAREHOUSES;
      calls.push(wms.events(w, 5000, '2026-11-25T08:00:00.000Z').map((e) => asInbound(e, w)));
    }
    const t0 = performance.now();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < calls.length) {
        const batch = calls[next++] ?? [];
        const results = await hub.ingestor.ingest(batch.map((raw) => ({ raw })));
        for (const r of results) if (r.id !== null && r.outcome === 'applied') wms.applied(r.id);
      }
    };
    await Promise.all([worker(), worker()]);
    return perSecond(n, performance.now() - t0);
  } finally {
    await drop();
  }
}

async function rawNats(o: ThroughputOptions): Promise<{ rawPublish: number; rawConsume: number }> {
  const nc = await connect({ servers: o.natsUrl, noAsyncTraces: true });
  const s = await rawStream(nc, `RAW_PIPE_${process.pid}_${o.run}`);
  try {
    const rawPublish = await rawPublishWindowed(s, PAYLOAD, o.events, 1000);
    const consumeRate = await rawConsume(s, o.events, 'raw');
    return { rawPublish, rawConsume: consumeRate };
  } finally {
    await s.dispose();
    await nc.close();
  }
}

/**
 * Bus throughput: our Bus (NATS JetStream, and the embedded bus on SQLite — and PostgreSQL when
 * DATABASE_URL is set) against raw NATS JetStream with the official client, measured in the same
 * run: publish one message per call awaited, publish in batches of 1,000 (window of 1,000 acks),
 * the outbox (publishInTx → relay → JetStream), and consume (durable, explicit acks, no-op handler).
 * BENCH_BUS_MESSAGES sets the count (default 50,000; BENCH_QUICK=1: 10,000). NATS_URL defaults to
 * nats://127.0.0.1:4222; without a reachable server only the embedded bus is measured.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { type Bus, type BusMessage, EmbeddedBus, NatsBus } from '../src/bus/index.ts';
import { openStore, type Store } from '../src/store/index.ts';
import { rawConsume, rawPublishAwaited, rawPublishWindowed, rawStream } from './bus-raw-nats.ts';
import { envInt, quick, RUNS } from './lib/config.ts';
import { log } from './lib/progress.ts';
import { emit, maxRssMiB, type Metric } from './lib/result.ts';
import { median } from './lib/stats.ts';
import { perSecond, stopwatch } from './lib/timer.ts';

const N = envInt('BENCH_BUS_MESSAGES', quick ? 10_000 : 50_000);
const N_ONE = Math.min(N, 5000);
const BATCH = 1000;
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const PAYLOAD = JSON.stringify({
  id: 'wms-sh:000000123',
  source: 'wms-sh',
  sequence: 123,
  occurredAt: '2026-11-25T08:00:00+08:00',
  warehouse: 'WH-SH',
  sku: 'T-100-CS',
  quantity: 2,
  toStatus: 'AVAIL',
  reason: 'receipt',
});

const sw = stopwatch();
const runs = new Map<string, number[]>();
const record = (name: string, v: number): void => void runs.set(name, [...(runs.get(name) ?? []), v]);
const messages = (tag: string, n: number): BusMessage[] =>
  Array.from({ length: n }, (_, i) => ({ id: `${tag}-${i}`, key: `WH-${i % 8}|SKU-${i % 100}`, payload: PAYLOAD }));

interface TempStore {
  readonly store: Store;
  dispose(): Promise<void>;
}

async function tempStore(kind: 'sqlite' | 'postgres', tag: string): Promise<TempStore> {
  const dir = mkdtempSync(join(tmpdir(), 'stockmesh-bench-bus-'));
  const schema = `bench_bus_${process.pid}_${tag}`;
  const store = await openStore(kind === 'postgres' ? { databaseUrl: process.env.DATABASE_URL, pgSchema: schema } : { dataDir: dir, sqliteFile: 'bus.db' });
  return {
    store,
    async dispose() {
      if (kind === 'postgres') await store.db.schema.dropSchema(schema).ifExists().cascade().execute();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** publish in batches of 1,000 awaited one after the other, one per call (N_ONE), then consume all; msgs/s each. */
async function measureBus(label: string, bus: Bus, subject: string, filter: string, tag: string): Promise<void> {
  const all = messages(`${tag}-b`, N);
  let t = stopwatch();
  for (let i = 0; i < N; i += BATCH) await bus.publish(subject, all.slice(i, i + BATCH));
  record(`${label}|publish batches`, perSecond(N, t.ms()));
  const one = messages(`${tag}-1`, N_ONE);
  t = stopwatch();
  for (const m of one) await bus.publish(subject, [m]);
  record(`${label}|publish one`, perSecond(N_ONE, t.ms()));
  const total = N + N_ONE;
  let got = 0;
  t = stopwatch();
  let allIn!: () => void;
  const done = new Promise<void>((r) => (allIn = r));
  const handler = async (batch: readonly unknown[]): Promise<void> => {
    got += batch.length;
    if (got >= total) allIn();
  };
  const sub = await bus.consume(`bench-${tag}`, filter, handler, { maxBatch: 1000, ackWait: 30_000 });
  await done;
  record(`${label}|consume`, perSecond(total, t.ms()));
  await sub.stop();
}

/** publishInTx in transactions of 1,000 until the stream holds them all (outbox → relay → JetStream). */
async function measureOutbox(bus: NatsBus, store: Store, nc: NatsConnection, subject: string, tag: string): Promise<void> {
  const all = messages(`${tag}-o`, N);
  const jsm = await jetstreamManager(nc);
  const before = (await jsm.streams.info(bus.stream)).state.messages;
  const t = stopwatch();
  for (let i = 0; i < N; i += BATCH) await store.db.transaction().execute((tx) => bus.publishInTx(tx, subject, all.slice(i, i + BATCH)));
  while ((await jsm.streams.info(bus.stream)).state.messages < before + N) await new Promise((r) => setTimeout(r, 5));
  record('nats|outbox', perSecond(N, t.ms()));
}

async function natsReachable(): Promise<NatsConnection | null> {
  try {
    return await connect({ servers: NATS_URL, timeout: 2000, reconnect: false });
  } catch {
    return null;
  }
}

const notes: string[] = [
  `${N.toLocaleString('en-US')} messages of ${PAYLOAD.length} bytes per measurement (${N_ONE.toLocaleString('en-US')} for one-per-call); ` +
    `batches of ${BATCH} awaited one after the other; consumers: one durable, batches of up to 1,000, no-op handler.`,
];
const nc = await natsReachable();
if (!nc) notes.push(`NATS not reachable at ${NATS_URL}: NATS figures skipped.`);
const storeKinds: ('sqlite' | 'postgres')[] = process.env.DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

for (let run = 1; run <= RUNS; run++) {
  const tag = `${Date.now().toString(36)}${run}`;
  if (nc) {
    const raw = await rawStream(nc, `BENCH_RAW_${process.pid}_${tag}`.toUpperCase());
    try {
      record('raw|publish one', await rawPublishAwaited(raw, PAYLOAD, N_ONE));
      record('raw|publish window', await rawPublishWindowed(raw, PAYLOAD, N, 1000));
      record('raw|consume', await rawConsume(raw, N, 'raw'));
    } finally {
      await raw.dispose();
    }
    const ts = await tempStore('sqlite', tag);
    const stream = `BENCH_BUS_${process.pid}_${tag}`.toUpperCase();
    const prefix = `benchbus${process.pid}${tag}`;
    const bus = await NatsBus.open(ts.store, { url: NATS_URL, stream, subjectPrefix: prefix });
    try {
      await measureBus('nats', bus, `${prefix}.inventory.x`, `${prefix}.inventory.>`, tag);
      await measureOutbox(bus, ts.store, nc, `${prefix}.outbox.x`, tag);
    } finally {
      await bus.close();
      await (await jetstreamManager(nc)).streams.delete(stream).catch(() => false);
      await ts.dispose();
    }
  }
  for (const kind of storeKinds) {
    const ts = await tempStore(kind, tag);
    const bus = new EmbeddedBus(ts.store);
    try {
      await measureBus(kind, bus, 'stockmesh.inventory.x', 'stockmesh.inventory.>', tag);
    } finally {
      await bus.close();
      await ts.dispose();
    }
  }
  log(`run ${run}/${RUNS} done (${(sw.ms() / 1000).toFixed(1)} s)`);
}
await nc?.close();

const metric = (store: string, name: string, key: string, baseKey?: string): Metric | null => {
  const xs = runs.get(key);
  if (!xs) return null;
  const base = baseKey ? runs.get(baseKey) : undefined;
  return {
    name,
    store,
    unit: 'msgs/s',
    median: median(xs),
    runs: xs,
    ...(base && baseKey ? { baseline: { name: baseKey, median: median(base), runs: base } } : {}),
  };
};
const metrics = [
  metric('raw-nats', 'publish, one per call awaited', 'raw|publish one'),
  metric('raw-nats', 'publish, window of 1,000 acks', 'raw|publish window'),
  metric('raw-nats', 'consume, ack each', 'raw|consume'),
  metric('nats', 'Bus publish, one per call', 'nats|publish one', 'raw|publish one'),
  metric('nats', 'Bus publish, batches of 1,000', 'nats|publish batches', 'raw|publish window'),
  metric('nats', 'Bus publishInTx → relay (outbox)', 'nats|outbox', 'raw|publish window'),
  metric('nats', 'Bus consume', 'nats|consume', 'raw|consume'),
  ...storeKinds.flatMap((k) => [
    metric(k, 'embedded publish, one per call', `${k}|publish one`, 'raw|publish one'),
    metric(k, 'embedded publish, batches of 1,000', `${k}|publish batches`, 'raw|publish window'),
    metric(k, 'embedded consume', `${k}|consume`, 'raw|consume'),
  ]),
].filter((m): m is Metric => m !== null);
notes.push('ratio = ours ÷ the raw NATS figure of the same kind measured in this run (embedded rows too: the bus replaces NATS there).');
emit({ bench: 'bus', metrics, notes, maxRssMiB: maxRssMiB(), seconds: sw.ms() / 1000 });

import type { Delivered, Subscription } from '../bus/index.ts';
import type { InboundSink } from '../connectors/index.ts';
import { type ConnectorsConfig, NO_CONNECTORS, type RunningConnectors, startConnectors } from '../connectors/network/index.ts';
import { busSink, startLedgerConsumer } from '../inbound/index.ts';
import type { EventResult, SnapshotResult } from '../ledger/index.ts';
import type { Hub } from './open-hub.ts';

/** Told what each committed batch of the ledger consumer did (live views, the demo, benchmarks). */
export type AppliedListener = (results: readonly EventResult[], snapshots: readonly SnapshotResult[], batch: readonly Delivered[]) => void;

export interface InboundOptions {
  /** The connectors to run (default none: the bus is still consumed). */
  readonly connectors?: ConnectorsConfig | undefined;
  readonly now?: (() => Date) | undefined;
  /** Subject prefix of the bus (default `stockmesh`; the hub's `busSubjectPrefix` when it has one). */
  readonly subjectPrefix?: string | undefined;
  /** Durable name of the ledger consumer (default `ledger`). */
  readonly durable?: string | undefined;
  readonly fetch?: typeof fetch | undefined;
}

/** The hub's inbound side while it serves: the ledger consumer and the connectors feeding it. */
export interface Inbound {
  readonly connectors: RunningConnectors;
  /** The sink the connectors publish through (the bus): also for in-process producers. */
  readonly sink: InboundSink;
  /** Adds a listener to every committed batch; returns its removal. */
  onApplied(listener: AppliedListener): () => void;
  /** Stops the connectors (each finishes the step in hand), then the consumer (it finishes its batch). */
  stop(): Promise<void>;
}

/**
 * Starts what turns WMS messages into the global view: the durable ledger consumer on the bus
 * (bus → ledger, acknowledged after commit) and the configured connectors publishing into the bus
 * (connectors → bus). The consumer starts first so nothing waits longer than it must.
 */
export async function startInbound(hub: Hub, opts: InboundOptions = {}): Promise<Inbound> {
  const prefix = opts.subjectPrefix ?? 'stockmesh';
  const listeners = new Set<AppliedListener>();
  const consumer: Subscription = await startLedgerConsumer({
    bus: hub.bus,
    store: hub.store,
    ingestor: hub.ingestor,
    masterData: hub.masterData,
    now: opts.now,
    durable: opts.durable,
    filter: `${prefix}.inventory.>`,
    onApplied: (results, snapshots, batch) => {
      for (const l of listeners) {
        try {
          l(results, snapshots, batch);
        } catch {
          // a listener's failure is its own: the batch is committed either way
        }
      }
    },
  });
  const sink = busSink(hub.bus, prefix);
  let connectors: RunningConnectors;
  try {
    connectors = await startConnectors(opts.connectors ?? NO_CONNECTORS, { db: hub.store.db, sink, now: opts.now, fetch: opts.fetch });
  } catch (err) {
    await consumer.stop();
    throw err;
  }
  let stopping: Promise<void> | undefined;
  return {
    connectors,
    sink,
    onApplied(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    stop() {
      stopping ??= (async () => {
        try {
          await connectors.stop();
        } finally {
          await consumer.stop();
        }
      })();
      return stopping;
    },
  };
}

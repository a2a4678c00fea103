import type { Bus, Delivered, Subscription } from '../bus/index.ts';
import { type EventResult, type Ingestor, ingestSnapshot, type SnapshotResult } from '../ledger/index.ts';
import type { MasterDataSource } from '../mdm/index.ts';
import type { Store } from '../store/index.ts';
import { SNAPSHOT_ID_PREFIX } from './bus-sink.ts';

export interface LedgerConsumerDeps {
  readonly bus: Bus;
  readonly store: Store;
  readonly ingestor: Ingestor;
  readonly masterData: MasterDataSource;
  readonly now?: () => Date;
  /** Durable consumer name (default `ledger`); one active instance per name across processes. */
  readonly durable?: string;
  /** Subject filter (default every warehouse: `stockmesh.inventory.>`). */
  readonly filter?: string;
  /**
   * Most messages per batch (one ledger transaction). Default: 5,000 on the embedded bus (a batch
   * runs on the event loop with SQLite), 20,000 on NATS (fewer, larger PostgreSQL transactions and
   * pull requests; the ingestor takes a deep batch in one transaction).
   */
  readonly maxBatch?: number;
  /** Called after each batch committed, with what it did (for metrics, live views, tests). */
  readonly onApplied?: (results: readonly EventResult[], snapshots: readonly SnapshotResult[], batch: readonly Delivered[]) => void;
}

/**
 * Feeds the bus into the ledger: each delivered batch is ingested in order (events grouped into
 * one transaction, a snapshot reconciled where it falls in the stream) and acknowledged only after
 * everything in it committed. A crash before the ack redelivers the batch; the ledger's idempotency
 * by event id (and by snapshot id) makes that harmless — nothing lost, nothing applied twice.
 */
export function startLedgerConsumer(deps: LedgerConsumerDeps): Promise<Subscription> {
  const now = deps.now;
  return deps.bus.consume(
    deps.durable ?? 'ledger',
    deps.filter ?? 'stockmesh.inventory.>',
    async (batch) => {
      const results: EventResult[] = [];
      const snapshots: SnapshotResult[] = [];
      let run: Delivered[] = [];
      const flush = async () => {
        if (run.length === 0) return;
        results.push(...(await deps.ingestor.ingest(run.map((d) => ({ raw: d.payload, location: `bus:${d.subject}#${d.seq}` })))));
        run = [];
      };
      for (const d of batch) {
        if (!d.id.startsWith(SNAPSHOT_ID_PREFIX)) {
          run.push(d);
          continue;
        }
        await flush();
        let doc: unknown;
        try {
          doc = JSON.parse(d.payload);
        } catch {
          doc = d.payload;
        }
        snapshots.push(await ingestSnapshot(deps.store, deps.masterData, doc, { location: `bus:${d.subject}#${d.seq}`, ...(now ? { now } : {}) }));
      }
      await flush();
      deps.onApplied?.(results, snapshots, batch);
    },
    { maxBatch: deps.maxBatch ?? (deps.bus.kind === 'nats' ? 20_000 : 5000), ackWait: 30_000 },
  );
}

import { type EventResult, type Ingestor, ingestSnapshot, type SnapshotResult } from '../../ledger/index.ts';
import type { MasterDataSource } from '../../mdm/index.ts';
import type { Store } from '../../store/index.ts';
import type { InboundSink, SnapshotDoc } from '../connector.ts';

export interface LedgerSinkDeps {
  readonly ingestor: Ingestor;
  readonly store: Store;
  readonly masterData: MasterDataSource;
  readonly now?: () => Date;
  /** Per-event outcomes, for whoever wants to count them (tests, connector state). */
  readonly onEvents?: (results: readonly EventResult[]) => void;
  readonly onSnapshot?: (result: SnapshotResult) => void;
}

/**
 * The inbound sink straight into the ledger (until the bus sits in between). "Accepted" means
 * durably decided: applied, a duplicate, or rejected and kept as a dead letter — all three let a
 * connector move its cursor on. Only a failure of the store itself throws, and then the connector
 * keeps its cursor and tries again.
 */
export function ledgerSink(deps: LedgerSinkDeps): InboundSink {
  return {
    async events(inputs) {
      const results = await deps.ingestor.ingest(inputs);
      deps.onEvents?.(results);
    },
    async snapshot(doc: SnapshotDoc, location?: string) {
      const opts: { now?: () => Date; location?: string } = {};
      if (deps.now) opts.now = deps.now;
      if (location !== undefined) opts.location = location;
      const result = await ingestSnapshot(deps.store, deps.masterData, doc, opts);
      deps.onSnapshot?.(result);
    },
  };
}

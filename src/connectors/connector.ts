import type { InboundEvent, Problem } from '../domain/index.ts';

/**
 * What every dialect's decoder produces from one external message (a file, a request body, an
 * X12 interchange, an EPCIS document): inbound events and snapshots in the hub's documented
 * formats (docs/event-format.md), still in the source's own codes, units and statuses — mapping
 * through master data happens in the ledger, the one place that knows them. Decoders are pure.
 */
export interface Decoded {
  readonly events: readonly InboundEvent[];
  /** Full stock listings (same shape as the ledger's snapshot format). */
  readonly snapshots: readonly SnapshotDoc[];
  /** Problems with parts of the message; a refused message has problems and nothing else. */
  readonly problems: readonly Problem[];
  /** A reply the dialect owes its sender (an X12 997 acknowledgment), if any. */
  readonly reply?: string | undefined;
}

export interface SnapshotDoc {
  readonly id: string;
  readonly source: string;
  readonly warehouse: string;
  readonly takenAt: string;
  readonly lines: readonly {
    readonly sku: string;
    readonly unit?: string | undefined;
    readonly lot?: string | undefined;
    readonly expiry?: string | undefined;
    readonly status: string;
    readonly quantity: number | string;
  }[];
}

/** Where decoded messages go: the ledger today, the bus once it sits in between. */
export interface InboundSink {
  /** Resolves once the events are durably accepted; per-event outcomes when the sink knows them. */
  events(inputs: readonly { raw: unknown; location?: string | undefined }[]): Promise<void>;
  snapshot(doc: SnapshotDoc, location?: string): Promise<void>;
}

/** A request the hub sends out to a WMS: ship an order, or move stock between warehouses. */
export interface FulfilmentRequest {
  readonly kind: 'ship' | 'transfer';
  readonly id: string;
  readonly warehouse: string;
  readonly orderRef: string;
  readonly shipTo: { readonly name: string; readonly address?: string; readonly region?: string; readonly toWarehouse?: string };
  readonly lines: readonly { readonly sku: string; readonly externalCode: string; readonly quantity: number; readonly unit: string; readonly lot?: string }[];
  readonly requestedAt: string;
}

/** Health of one connector, as `stockmesh connectors` shows it. */
export interface ConnectorState {
  readonly source: string;
  readonly dialect: Dialect;
  readonly state: 'starting' | 'running' | 'backing-off' | 'stopped' | 'failed';
  readonly lastMessageAt: string | null;
  readonly cursor: string | null;
  readonly messages: number;
  readonly errors: number;
  readonly lastError: string | null;
}

export type Dialect = 'rest-pull' | 'webhook' | 'file-drop' | 'edi-x12' | 'epcis';

/** A running connector: one source system, one dialect. */
export interface Connector {
  readonly source: string;
  readonly dialect: Dialect;
  start(): Promise<void>;
  stop(): Promise<void>;
  state(): ConnectorState;
  /** Sends a fulfilment or transfer request out, where the dialect allows it. */
  send?(request: FulfilmentRequest): Promise<void>;
}

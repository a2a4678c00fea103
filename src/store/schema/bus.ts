import type { Generated } from 'kysely';

/** The embedded bus's log and durable consumers (migration 0002-bus, src/bus): part of `Database` (../schema.ts). */
export interface BusDatabase {
  bus_messages: BusMessageTable;
  bus_consumers: BusConsumerTable;
}

export interface BusMessageTable {
  /** Position in the log, assigned on insert; consumers read in this order. */
  seq: Generated<number>;
  subject: string;
  /** Ordering key (warehouse × SKU): messages with one key are delivered in seq order. */
  key: string;
  /** Message id chosen by the publisher; unique (a re-publish is a no-op). */
  id: string;
  payload: string;
  created_at: string;
}

export interface BusConsumerTable {
  durable: string;
  filter: string;
  /** Every message of this durable's filter up to here is acknowledged. */
  acked_seq: number;
  /** Consumer instance holding the lease (one active instance per durable); null when released. */
  owner: string | null;
  /** ISO time the lease lapses unless renewed; after it another instance may take over. */
  lease_until: string | null;
  updated_at: string;
}

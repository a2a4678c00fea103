import type { InboundSink } from '../connector.ts';
import type { BackoffPolicy, ConnectorStateStore, CursorStore, RejectionLog, Sleep } from '../runtime/index.ts';
import type { DecodeX12Options } from './decode-x12-options.ts';
import type { Encode940Options } from './encode-940.ts';

/** One side of an interchange: ISA05/06 (or 07/08) and, optionally, GS02 (or GS03). */
export interface X12Identity {
  /** Interchange id qualifier (ZZ mutually defined, 01 DUNS, 12 phone…). */
  readonly qualifier: string;
  /** Interchange id (1–15 characters). */
  readonly id: string;
  /** Application id in GS02/GS03 (2–15 characters); default: `id`. */
  readonly applicationId?: string | undefined;
}

/** The partner's N1*WH party for a hub warehouse (encode940's `warehouseParty`). */
export type WarehouseParty = (warehouse: string) => { readonly name: string; readonly qualifier: string; readonly id: string } | undefined;

/**
 * A 3PL partner that exchanges X12 through folders, as an SFTP or AS2 drop lands them: the
 * partner writes interchanges into `inbox`; the hub writes its 997 acknowledgments and 940
 * shipping orders into `outbox` for the partner (or the AS2/SFTP agent) to collect.
 */
export interface EdiFolderOptions {
  /** Source system id of the partner (master data `sources`). */
  readonly source: string;
  /** Where the partner's interchanges land; `archive/` and `quarantine/` are created inside it. */
  readonly inbox: string;
  /** Where the hub's interchanges go: `997-<received ISA13>.edi`, `940-<ISA13>.edi`. */
  readonly outbox: string;
  /** The hub in the partner's eyes (ISA06 of what the hub sends, ISA08 of what it receives). */
  readonly hub: X12Identity;
  /** The partner (ISA08 of what the hub sends, ISA06 of what it receives). */
  readonly partner: X12Identity;
  readonly sink: InboundSink;
  readonly rejections: RejectionLog;
  /** Outbound control numbers and 940 records (restart-safe); `storeCursors` in the hub. */
  readonly cursors: CursorStore;
  readonly states?: ConnectorStateStore | undefined;
  /** How the partner's interchanges are read (warehouses, qualifiers, offsets…). */
  readonly decode?: Omit<DecodeX12Options, 'source' | 'now' | 'ackControlNumber'> | undefined;
  /** How 940s are written (product qualifier, units, transport); `warehouseParty` comes from `warehouseParty` below. */
  readonly encode940?: Omit<Encode940Options, 'warehouseParty'> | undefined;
  /** The partner's N1*WH party per hub warehouse; default: the hub's id under ZZ. */
  readonly warehouseParty?: WarehouseParty | undefined;
  /**
   * Refuse interchanges whose ISA06/ISA08 are not the partner's and the hub's ids (default true):
   * a file in the wrong folder is quarantined and not acknowledged.
   */
  readonly checkIds?: boolean | undefined;
  /** ISA15 of what the hub writes: P production (default) or T test. */
  readonly usage?: 'P' | 'T' | undefined;
  /** GS08 of what the hub writes (default 004010). */
  readonly version?: string | undefined;
  /** A file is read once unchanged for this long, unless it has a `.done` marker (default 2,000 ms). */
  readonly stableMs?: number | undefined;
  /** Folder scan interval (default 1,000 ms). */
  readonly pollIntervalMs?: number | undefined;
  readonly backoff?: BackoffPolicy | undefined;
  readonly now?: (() => Date) | undefined;
  readonly sleep?: Sleep | undefined;
  readonly random?: (() => number) | undefined;
}

/** Cursor-store stream of the last interchange control number the hub used with this partner. */
export const CONTROL_STREAM = 'x12:isa13-out';
/** Cursor-store stream of a sent 940, by fulfilment request id: `cursor` = the send time, `maxSeq` = its ISA13. */
export const requestStream = (requestId: string): string => `x12:940:${requestId}`;
/** Cursor-store stream of a sent 940, by ISA13: `cursor` = its record (JSON), updated by the partner's 997. */
export const orderStream = (controlNumber: number): string => `x12:940#${controlNumber}`;

/** Nine digits, as ISA13 is written and as outbound file names carry it. */
export const isa13 = (n: number): string => String(n).padStart(9, '0');

import type { InboundSink } from '../connector.ts';
import type { BackoffPolicy, ConnectorStateStore, RejectionLog, Sleep, WarehouseCodes } from '../runtime/index.ts';

/** Encodings a drop file may be in. `auto`: BOM, then valid UTF-8, else GB18030 (a superset of GBK). */
export type Charset = 'utf-8' | 'gbk' | 'gb18030' | 'auto';

/** What a column of an export can mean. */
export type DropField =
  | 'warehouse'
  | 'sku'
  | 'quantity'
  | 'unit'
  | 'lot'
  | 'expiry'
  | 'status'
  | 'fromStatus'
  | 'toStatus'
  | 'reason'
  | 'movementType'
  | 'occurredAt'
  | 'date'
  | 'time'
  | 'sequence'
  | 'orderRef'
  | 'transferRef';

/** A delimited file with a header row: field → the column's name in that header (e.g. `sku: '物料编码'`). */
export interface CsvFormat {
  readonly kind: 'csv';
  /** Default `,`. */
  readonly delimiter?: string | undefined;
  readonly columns: Readonly<Partial<Record<DropField, string>>>;
}

/** A fixed-width file: field → where it sits on the line, `start` counted from 1. */
export interface FixedFormat {
  readonly kind: 'fixed';
  /** Count positions in bytes of the file's encoding (as GBK ERPs define them) or in characters. */
  readonly units: 'bytes' | 'chars';
  /** Heading lines to skip (default 0). */
  readonly headerLines?: number | undefined;
  readonly columns: Readonly<Partial<Record<DropField, { readonly start: number; readonly length: number }>>>;
}

/** An ERP document type of a journal line: the hub's reason and the statuses it moves between. */
export interface MovementType {
  readonly reason: string;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

/** How one kind of export of one source is read. */
export interface FileLayout {
  readonly name: string;
  /**
   * Regular expression (source text) matched against the file name. Named groups `date`
   * (YYYYMMDD) and `time` (HHmm or HHmmss) give a snapshot's time and a journal line's default time.
   */
  readonly match: string;
  /** A full stock listing (reconciled as a snapshot) or a journal of movements. */
  readonly kind: 'snapshot' | 'journal';
  readonly format: CsvFormat | FixedFormat;
  readonly charset?: Charset | undefined;
  /** Lines to skip (totals, footers): regular expression on the decoded line. */
  readonly ignoreLines?: string | undefined;
  /** Offset of times written without one, e.g. `+08:00` (default `+00:00`). */
  readonly utcOffset?: string | undefined;
  /** Values for fields the file does not carry (a one-warehouse export, one status). */
  readonly defaults?: Readonly<Partial<Record<'warehouse' | 'unit' | 'status' | 'reason', string>>> | undefined;
  /** Document types of the `movementType` column. */
  readonly movementTypes?: Readonly<Record<string, MovementType>> | undefined;
  /** The file's warehouse codes → hub warehouse ids (default: the hub's ids). */
  readonly warehouseCodes?: WarehouseCodes | undefined;
}

/** A drop folder of one source. */
export interface FileDropOptions {
  readonly source: string;
  /** The folder the ERP writes into; `archive/` and `quarantine/` are created inside it. */
  readonly dir: string;
  readonly layouts: readonly FileLayout[];
  readonly sink: InboundSink;
  readonly rejections: RejectionLog;
  readonly states?: ConnectorStateStore | undefined;
  /** Encoding when neither BOM, file name nor layout says (default `auto`). */
  readonly charset?: Charset | undefined;
  /** A file is read once unchanged for this long, unless it has a `.done` marker (default 2,000 ms). */
  readonly stableMs?: number | undefined;
  /** Folder scan interval (default 1,000 ms). */
  readonly pollIntervalMs?: number | undefined;
  readonly backoff?: BackoffPolicy | undefined;
  readonly now?: (() => Date) | undefined;
  readonly sleep?: Sleep | undefined;
  readonly random?: (() => number) | undefined;
}

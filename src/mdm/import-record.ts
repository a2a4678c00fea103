import type { Alias, Problem, Sku, SourceSystem, StatusMapping, UnitConversion, Warehouse } from '../domain/index.ts';

/** The record kinds of a master data document, in the order they are checked and written. */
export const RECORD_KINDS = ['warehouses', 'skus', 'units', 'aliases', 'statusMaps', 'sources'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export const isRecordKind = (s: string): s is RecordKind => (RECORD_KINDS as readonly string[]).includes(s);

/** The domain type each record kind holds once it passed its schema. */
export interface RecordOf {
  warehouses: Warehouse;
  skus: Sku;
  units: UnitConversion;
  aliases: Alias;
  statusMaps: StatusMapping;
  sources: SourceSystem;
}

/** Where one imported record came from, so that every problem can name file and line. */
export interface RecordOrigin {
  readonly file: string;
  readonly kind: RecordKind;
  /** Position of the record in its section (documents) or among the data rows (CSV), from 0. */
  readonly index: number;
  /** Line where the record starts, from 1, when the format tells it. */
  readonly line?: number | undefined;
  /** Line of each top-level field, when known (JSON and YAML). */
  readonly fieldLines?: Readonly<Record<string, number>> | undefined;
}

/** One record as read from a file: not yet checked against its schema. */
export interface LocatedRecord {
  readonly kind: RecordKind;
  readonly value: unknown;
  readonly origin: RecordOrigin;
}

/** One record that passed its schema, with its origin. */
export type ValidRecord = {
  [K in RecordKind]: { readonly kind: K; readonly record: RecordOf[K]; readonly origin: RecordOrigin };
}[RecordKind];

/** What reading files produced: every record found plus every problem met on the way. */
export interface ParsedFiles {
  readonly records: readonly LocatedRecord[];
  readonly problems: readonly Problem[];
  /** The files that were read, in reading order. */
  readonly files: readonly string[];
}

/**
 * `file:line field` (the form every import problem uses for `where`). The line of the field itself
 * is preferred when known; without any line the record is named by position: `file#skus[3]`.
 */
export function placeOf(origin: RecordOrigin, field?: string): string {
  const top = field === undefined ? undefined : field.split(/[.[]/)[0];
  const line = (top !== undefined ? origin.fieldLines?.[top] : undefined) ?? origin.line;
  const base = line !== undefined ? `${origin.file}:${line}` : `${origin.file}#${origin.kind}[${origin.index}]`;
  return field ? `${base} ${field}` : base;
}

import { z } from 'zod';
import type { MasterData } from '../../domain/index.ts';
import { RECORD_SCHEMAS, type RecordKind } from '../../mdm/index.ts';

/** The record kinds the API serves one by one (sources change through the bulk import). */
export type ApiKind = Exclude<RecordKind, 'sources'>;

/** How one record kind appears in the API: its path, its name in the audit trail, its key. */
export interface KindRoute {
  readonly kind: ApiKind;
  /** Path segment under /api/master-data/. */
  readonly path: string;
  /** Name in messages and audit actions (`masterdata.<noun>.update`) and targets. */
  readonly noun: string;
  /** Name in messages for people. */
  readonly label: string;
  /** The fields that identify a record, in path order (`/units/:sku/:unit`). */
  readonly keys: readonly string[];
}

export const KIND_ROUTES: readonly KindRoute[] = [
  { kind: 'warehouses', path: 'warehouses', noun: 'warehouse', label: 'warehouse', keys: ['id'] },
  { kind: 'skus', path: 'skus', noun: 'sku', label: 'SKU', keys: ['id'] },
  { kind: 'units', path: 'units', noun: 'unit', label: 'unit conversion', keys: ['sku', 'unit'] },
  { kind: 'aliases', path: 'aliases', noun: 'alias', label: 'alias', keys: ['system', 'code'] },
  { kind: 'statusMaps', path: 'status-maps', noun: 'status-map', label: 'status mapping', keys: ['system', 'external'] },
];

/** A record of any API kind, as a plain object (the domain records are all flat objects). */
export type AnyRecord = Readonly<Record<string, unknown>>;

export const recordsOf = (md: MasterData, kind: ApiKind): readonly AnyRecord[] => md[kind] as unknown as readonly AnyRecord[];

/** The key values of a record, in key order. */
export const keyOf = (k: KindRoute, r: AnyRecord): string[] => k.keys.map((f) => String(r[f]));

/** A record's id in the audit trail and in messages: its key values joined with `/`. */
export const idOf = (k: KindRoute, key: readonly string[]): string => key.join('/');

type JsonSchema = Record<string, unknown>;

const jsonSchemaOf = (kind: ApiKind, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _drop, ...schema } = z.toJSONSchema(RECORD_SCHEMAS[kind], { io, unrepresentable: 'any' }) as JsonSchema;
  return schema;
};

/**
 * JSON Schema of a record of `kind`, generated from the importer's own schema (src/mdm), so the
 * API and `stockmesh mdm import` accept the same fields. `keysOptional` drops the key fields from
 * `required` (a PUT takes them from its path). The importer's checks still run after this one
 * (GTIN check digits, time zones, references), with the same messages as an import.
 */
export function recordBodySchema(k: KindRoute, keysOptional: boolean): JsonSchema {
  const s = jsonSchemaOf(k.kind, 'input');
  if (!keysOptional) return s;
  const required = (s.required as string[] | undefined)?.filter((f) => !k.keys.includes(f)) ?? [];
  return { ...s, required };
}

/** JSON Schema of a stored record of `kind` (every field with a default is present). */
export const recordSchema = (k: KindRoute): JsonSchema => jsonSchemaOf(k.kind, 'output');

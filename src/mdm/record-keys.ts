import type { RecordKind, RecordOf, ValidRecord } from './import-record.ts';

const SEP = '\u0000';

const KEYS: { readonly [K in RecordKind]: (r: RecordOf[K]) => string } = {
  warehouses: (w) => w.id,
  skus: (s) => s.id,
  units: (u) => u.sku + SEP + u.unit,
  aliases: (a) => a.system + SEP + a.code,
  statusMaps: (m) => m.system + SEP + m.external,
  sources: (s) => s.id,
};

const LABELS: { readonly [K in RecordKind]: (r: RecordOf[K]) => string } = {
  warehouses: (w) => `warehouse ${w.id}`,
  skus: (s) => `SKU ${s.id}`,
  units: (u) => `unit ${u.unit} of SKU ${u.sku}`,
  aliases: (a) => `alias ${a.system}/${a.code}`,
  statusMaps: (m) => `status mapping ${m.system}/${m.external}`,
  sources: (s) => `source ${s.id}`,
};

/** The key that identifies a record of `kind`: an import replaces the stored record with that key. */
export const recordKey = <K extends RecordKind>(kind: K, r: RecordOf[K]): string => KEYS[kind](r);

/** A record key made unique across kinds. */
export const kindKey = (kind: RecordKind, key: string): string => kind + SEP + key;

/** The key of a checked record, unique across kinds. */
export const keyOfValid = (v: ValidRecord): string => kindKey(v.kind, (KEYS[v.kind] as (r: ValidRecord['record']) => string)(v.record));

/** A checked record named for people: "SKU PEN-01", "alias wms-sha/10023". */
export const labelOf = (v: ValidRecord): string => (LABELS[v.kind] as (r: ValidRecord['record']) => string)(v.record);

/** The key of an alias from its parts. */
export const aliasKey = (system: string, code: string): string => system + SEP + code;

/** The key of a unit conversion from its parts. */
export const unitKey = (sku: string, unit: string): string => sku + SEP + unit;

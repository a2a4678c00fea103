import type { MasterData } from '../domain/index.ts';
import { RECORD_KINDS } from './import-record.ts';

/**
 * Master data as the import document shape (docs/master-data-format.md): every field written out,
 * defaults included, absent optional fields left out, so that the document re-imports as it is.
 */
export type MasterDataDocument = { readonly [K in keyof MasterData]: readonly Record<string, unknown>[] };

export function toMasterDataDocument(md: MasterData): MasterDataDocument {
  const out = {} as Record<keyof MasterData, Record<string, unknown>[]>;
  for (const kind of RECORD_KINDS) out[kind] = md[kind].map(withoutUndefined);
  return out;
}

function withoutUndefined(record: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) if (v !== undefined) out[k] = Array.isArray(v) ? [...v] : v;
  return out;
}

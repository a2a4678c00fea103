import type { MasterData } from '../domain/index.ts';
import type { RecordKind, RecordOf, ValidRecord } from './import-record.ts';
import { recordKey } from './record-keys.ts';

/** What an import does to one kind: records added, records changed, records already as given. */
export interface KindCounts {
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
}

export type ImportCounts = { readonly [K in RecordKind]: KindCounts };

export interface MergedMasterData {
  /** Stored master data with the import laid over it: the state after a successful import. */
  readonly merged: MasterData;
  /** Only the records to write: new ones and changed ones. Unchanged records are not rewritten. */
  readonly changes: MasterData;
  readonly counts: ImportCounts;
}

/** Lays checked records over stored master data, record by key. Pure. */
export function mergeMasterData(existing: MasterData, incoming: readonly ValidRecord[]): MergedMasterData {
  const w = mergeKind('warehouses', existing.warehouses, incoming);
  const s = mergeKind('skus', existing.skus, incoming);
  const u = mergeKind('units', existing.units, incoming);
  const a = mergeKind('aliases', existing.aliases, incoming);
  const m = mergeKind('statusMaps', existing.statusMaps, incoming);
  const src = mergeKind('sources', existing.sources, incoming);
  return {
    merged: { warehouses: w.merged, skus: s.merged, units: u.merged, aliases: a.merged, statusMaps: m.merged, sources: src.merged },
    changes: { warehouses: w.changes, skus: s.changes, units: u.changes, aliases: a.changes, statusMaps: m.changes, sources: src.changes },
    counts: { warehouses: w.counts, skus: s.counts, units: u.counts, aliases: a.counts, statusMaps: m.counts, sources: src.counts },
  };
}

/** An import's counts when nothing is written. */
export const zeroCounts = (): ImportCounts => {
  const zero = { inserted: 0, updated: 0, unchanged: 0 };
  return { warehouses: zero, skus: zero, units: zero, aliases: zero, statusMaps: zero, sources: zero };
};

function mergeKind<K extends RecordKind>(kind: K, existing: readonly RecordOf[K][], incoming: readonly ValidRecord[]) {
  const byKey = new Map<string, RecordOf[K]>(existing.map((r) => [recordKey(kind, r), r]));
  const changes: RecordOf[K][] = [];
  let inserted = 0;
  let updated = 0;
  let unchanged = 0;
  for (const v of incoming) {
    if (v.kind !== kind) continue;
    const r = v.record as RecordOf[K];
    const key = recordKey(kind, r);
    const old = byKey.get(key);
    if (old !== undefined && stableJson(old) === stableJson(r)) {
      unchanged++;
      continue;
    }
    if (old === undefined) inserted++;
    else updated++;
    changes.push(r);
    byKey.set(key, r);
  }
  return { merged: [...byKey.values()], changes, counts: { inserted, updated, unchanged } };
}

/** JSON with sorted keys and without undefined fields, so that equal records compare equal. */
function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${stableJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

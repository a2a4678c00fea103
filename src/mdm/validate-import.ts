import { type MasterData, problem, type Problem } from '../domain/index.ts';
import { checkRecord } from './check-record.ts';
import { checkReferences, checkSystems, type RecordProblem } from './check-references.ts';
import { type Conflict, findConflicts } from './find-conflicts.ts';
import { type LocatedRecord, placeOf, type ValidRecord } from './import-record.ts';
import { type ImportCounts, mergeMasterData } from './merge-master-data.ts';
import { aliasKey, keyOfValid, labelOf, recordKey } from './record-keys.ts';

/** The verdict on an import, before anything is written. */
export interface ImportValidation {
  /** Stored master data with the import laid over it. */
  readonly merged: MasterData;
  /** The records to write (new or changed); write them only when `problems` is empty. */
  readonly changes: MasterData;
  readonly counts: ImportCounts;
  /** Any problem rejects the whole import. In the order the records were read. */
  readonly problems: readonly Problem[];
  /** Worth knowing, never a reason to reject. */
  readonly warnings: readonly Problem[];
  /** The homonyms the import takes part in (its duplicate GTINs and synonyms are problems). */
  readonly conflicts: readonly Conflict[];
}

/**
 * Decides whether `incoming` may be laid over `existing`. Pure: no I/O, same answer every time.
 * Every record is checked against its schema, then for keys repeated within the import, aliases
 * re-pointed to another SKU, references to nothing, and the conflicts of findConflicts that the
 * import takes part in: DUPLICATE_GTIN and UNDECLARED_SYNONYM are problems, homonyms warnings.
 */
export function validateImport(incoming: readonly LocatedRecord[], existing: MasterData): ImportValidation {
  const found: RecordProblem[] = [];
  const order = new Map<ValidRecord, number>();
  const valid: ValidRecord[] = [];
  const reportedSkus = new Set<string>();
  const reportedWarehouses = new Set<string>();
  const early: { seq: number; problem: Problem }[] = [];

  incoming.forEach((rec, seq) => {
    const checked = checkRecord(rec);
    if (checked.ok) {
      valid.push(checked.valid);
      order.set(checked.valid, seq);
      return;
    }
    early.push(...checked.problems.map((p) => ({ seq, problem: p })));
    const id = idOf(rec.value);
    if (id !== undefined && rec.kind === 'skus') reportedSkus.add(id);
    if (id !== undefined && rec.kind === 'warehouses') reportedWarehouses.add(id);
  });

  const accepted = acceptOnce(valid, existing, found);
  const { merged, changes, counts } = mergeMasterData(existing, accepted);
  found.push(...checkReferences(accepted, merged, { skus: reportedSkus, warehouses: reportedWarehouses }));

  const conflicts: Conflict[] = [];
  const warnings: RecordProblem[] = checkSystems(accepted, merged);
  const skusById = new Map<string, ValidRecord>();
  const aliasesByKey = new Map<string, ValidRecord>();
  for (const v of accepted) {
    if (v.kind === 'skus') skusById.set(v.record.id, v);
    if (v.kind === 'aliases') aliasesByKey.set(aliasKey(v.record.system, v.record.code), v);
  }
  for (const c of findConflicts(merged)) {
    if (c.kind === 'duplicate-gtin') {
      const [first, ...others] = c.skus.flatMap((id) => skusById.get(id) ?? []);
      if (!first) continue;
      const also = others.length ? `; also at ${others.map((o) => placeOf(o.origin, 'gtin')).join(', ')}` : '';
      found.push({ record: first, problem: problem('DUPLICATE_GTIN', c.message + also, placeOf(first.origin, 'gtin')) });
    } else if (c.kind === 'undeclared-synonym') {
      const alias = aliasesByKey.get(aliasKey(c.system, c.code));
      const target = alias ?? skusById.get(c.otherSku);
      if (!target) continue;
      const field = alias ? 'code' : c.via;
      found.push({ record: target, problem: problem('UNDECLARED_SYNONYM', c.message, placeOf(target.origin, field)) });
    } else {
      const involved = c.mappings.flatMap((m) => aliasesByKey.get(aliasKey(m.system, c.code)) ?? []);
      const first = involved[0];
      if (!first) continue;
      conflicts.push(c);
      const msg = `${c.message} (allowed, but check that this is meant)`;
      warnings.push({ record: first, problem: problem('ALIAS_HOMONYM', msg, placeOf(first.origin, 'code')) });
    }
  }

  const bySeq = (list: readonly RecordProblem[]) => list.map((f) => ({ seq: order.get(f.record) ?? -1, problem: f.problem }));
  return {
    merged,
    changes,
    counts,
    problems: sortBySeq([...early, ...bySeq(found)]),
    warnings: sortBySeq(bySeq(warnings)),
    conflicts,
  };
}

/**
 * Keeps the first record of every key. A repeated key is DUPLICATE_RECORD, except an alias whose
 * two records name different SKUs, which is ALIAS_CONFLICT, as is an alias that stored master data
 * already maps to another SKU: an import never re-points an alias.
 */
function acceptOnce(valid: readonly ValidRecord[], existing: MasterData, found: RecordProblem[]): ValidRecord[] {
  const first = new Map<string, ValidRecord>();
  const stored = new Map(existing.aliases.map((a) => [recordKey('aliases', a), a]));
  const accepted: ValidRecord[] = [];
  for (const v of valid) {
    const key = keyOfValid(v);
    const prev = first.get(key);
    if (prev) {
      const here = placeOf(v.origin);
      const there = placeOf(prev.origin);
      if (v.kind === 'aliases' && prev.kind === 'aliases' && prev.record.sku !== v.record.sku) {
        const msg = `${labelOf(v)} maps to SKU ${v.record.sku} here but to SKU ${prev.record.sku} at ${there}`;
        found.push({ record: v, problem: problem('ALIAS_CONFLICT', msg, placeOf(v.origin, 'sku')) });
      } else {
        found.push({ record: v, problem: problem('DUPLICATE_RECORD', `${labelOf(v)} appears twice in this import: at ${there} and at ${here}`, here) });
      }
      continue;
    }
    first.set(key, v);
    if (v.kind === 'aliases') {
      const old = stored.get(recordKey('aliases', v.record));
      if (old && old.sku !== v.record.sku) {
        const msg = `${labelOf(v)} already maps to SKU ${old.sku}; an import never re-points an alias to another SKU (here: ${v.record.sku})`;
        found.push({ record: v, problem: problem('ALIAS_CONFLICT', msg, placeOf(v.origin, 'sku')) });
        continue;
      }
    }
    accepted.push(v);
  }
  return accepted;
}

function idOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const id = (value as { id?: unknown }).id;
  return typeof id === 'string' && id.trim() !== '' ? id.trim() : undefined;
}

const sortBySeq = (list: { seq: number; problem: Problem }[]): Problem[] =>
  list
    .map((x, i) => ({ ...x, i }))
    .sort((a, b) => a.seq - b.seq || a.i - b.i)
    .map((x) => x.problem);

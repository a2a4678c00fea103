import { sql, type Transaction } from 'kysely';
import { recordAudit, stateJson } from '../../audit/index.ts';
import { type MasterData, type Problem, problem, StockmeshError } from '../../domain/index.ts';
import { loadMasterData, saveMasterData, validateImport } from '../../mdm/index.ts';
import type { Database, Store } from '../../store/index.ts';
import { type AnyRecord, idOf, type KindRoute, keyOf, recordsOf } from './master-data-kinds.ts';

/** Who asks for a change, for the audit trail. */
export interface ChangeAuthor {
  readonly actor: string;
  readonly requestId: string;
}

/** What a create or update did: the record as stored, and the importer's warnings about it. */
export interface RecordChange {
  readonly record: AnyRecord;
  readonly warnings: readonly Problem[];
  /** False when the record was already exactly so (nothing written, nothing audited). */
  readonly changed: boolean;
}

const BODY = 'body';

/**
 * One master-data change in one transaction: master data's lock (the importer's, so API changes
 * and `mdm import` never validate against each other's half-written state), the change, and its
 * audit entry, committed together.
 */
async function inTransaction<T>(store: Store, fn: (tx: Transaction<Database>, md: MasterData) => Promise<T>): Promise<T> {
  return store.db.transaction().execute(async (tx) => {
    if (store.dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext('stockmesh.mdm.import'))`.execute(tx);
    return fn(tx, await loadMasterData(tx));
  });
}

const sameKey = (k: KindRoute, key: readonly string[]) => (r: AnyRecord) => keyOf(k, r).every((v, i) => v === key[i]);

const warehouseOf = (k: KindRoute, r: AnyRecord | undefined): string | null => (k.kind === 'warehouses' && r ? String(r.id) : null);

/**
 * Checks one record exactly as `stockmesh mdm import` checks a record (src/mdm validateImport),
 * against `existing`; a problem's `where` is the field it concerns. Throws on any problem.
 */
function validateOne(k: KindRoute, value: AnyRecord, existing: MasterData): { record: AnyRecord; warnings: Problem[] } {
  const v = validateImport([{ kind: k.kind, value, origin: { file: BODY, kind: k.kind, index: 0 } }], existing);
  if (v.problems.length > 0) {
    const problems = v.problems.map(toField);
    const first = problems[0] as Problem;
    throw new StockmeshError(first.code, `${k.label} not saved: ${problems.map((p) => p.message).join('; ')}`, problems);
  }
  const key = keyOf(k, value);
  const record = recordsOf(v.merged, k.kind).find(sameKey(k, key));
  if (!record) throw new Error(`validated ${k.label} ${idOf(k, key)} missing from merged master data`);
  return { record, warnings: v.warnings.map(toField) };
}

/** `body#skus[0] gtin` (the importer's place for a record without lines) → `gtin`. */
function toField(p: Problem): Problem {
  if (p.where === undefined || !p.where.startsWith(`${BODY}#`)) return p;
  const field = p.where.replace(/^body#\w+\[\d+\]\s*/, '');
  return { ...p, where: field === '' ? BODY : field };
}

/** POST: a new record; its key must not exist yet. */
export async function createRecord(store: Store, k: KindRoute, body: AnyRecord, who: ChangeAuthor): Promise<RecordChange> {
  return inTransaction(store, async (tx, md) => {
    const key = keyOf(k, body);
    if (recordsOf(md, k.kind).some(sameKey(k, key))) {
      const msg = `${k.label} ${idOf(k, key)} already exists: change it with PUT /api/master-data/${k.path}/${key.map(encodeURIComponent).join('/')}`;
      throw new StockmeshError('ALREADY_EXISTS', msg, [problem('ALREADY_EXISTS', msg, k.keys[0])]);
    }
    const { record, warnings } = validateOne(k, body, md);
    await saveMasterData(tx, only(k, record));
    await audit(tx, k, 'create', key, who, undefined, record);
    return { record, warnings, changed: true };
  });
}

/**
 * PUT: replaces the record with this key (404 when there is none). Unlike an import, a PUT may
 * re-point an alias to another SKU: it says so explicitly, and the audit trail keeps the old one.
 */
export async function updateRecord(store: Store, k: KindRoute, key: readonly string[], body: AnyRecord, who: ChangeAuthor): Promise<RecordChange> {
  const mismatch = k.keys.flatMap((f, i) => (body[f] !== undefined && String(body[f]).trim() !== key[i] ? [f] : []));
  if (mismatch.length > 0) {
    const problems = mismatch.map((f) => problem('INVALID_ARGUMENT', `${f} in the body (${JSON.stringify(body[f])}) differs from the path (${JSON.stringify(key[k.keys.indexOf(f)])}): a key cannot change; create a new record instead`, f));
    throw new StockmeshError('INVALID_ARGUMENT', problems.map((p) => p.message).join('; '), problems);
  }
  const value: AnyRecord = { ...body, ...Object.fromEntries(k.keys.map((f, i) => [f, key[i]])) };
  return inTransaction(store, async (tx, md) => {
    const old = recordsOf(md, k.kind).find(sameKey(k, key));
    if (!old) throw notFound(k, key);
    const others = { ...md, [k.kind]: recordsOf(md, k.kind).filter((r) => !sameKey(k, key)(r)) } as MasterData;
    const { record, warnings } = validateOne(k, value, others);
    if (stateJson(record) === stateJson(old)) return { record, warnings, changed: false };
    await saveMasterData(tx, only(k, record));
    await audit(tx, k, 'update', key, who, old, record);
    return { record, warnings, changed: true };
  });
}

/**
 * DELETE: removes the record, unless the ledger or other records still need it. A SKU or a
 * warehouse with stock or ledger history stays (the books must keep explaining their numbers);
 * a warehouse can be deactivated instead. A SKU's unit conversions go with it.
 */
export async function deleteRecord(store: Store, k: KindRoute, key: readonly string[], who: ChangeAuthor): Promise<AnyRecord> {
  return inTransaction(store, async (tx, md) => {
    const old = recordsOf(md, k.kind).find(sameKey(k, key));
    if (!old) throw notFound(k, key);
    const reasons = await usesOf(tx, k, key, md);
    if (reasons.length > 0) {
      const msg = `${k.label} ${idOf(k, key)} cannot be deleted: ${reasons.join('; ')}`;
      throw new StockmeshError('RECORD_IN_USE', msg, [problem('RECORD_IN_USE', msg, k.keys[0])]);
    }
    let before: AnyRecord = old;
    switch (k.kind) {
      case 'warehouses':
        await tx.deleteFrom('warehouses').where('id', '=', key[0] as string).execute();
        break;
      case 'skus': {
        const units = md.units.filter((u) => u.sku === key[0]);
        if (units.length > 0) before = { ...old, units };
        await tx.deleteFrom('sku_units').where('sku_id', '=', key[0] as string).execute();
        await tx.deleteFrom('skus').where('id', '=', key[0] as string).execute();
        break;
      }
      case 'units':
        await tx.deleteFrom('sku_units').where('sku_id', '=', key[0] as string).where('unit', '=', key[1] as string).execute();
        break;
      case 'aliases':
        await tx.deleteFrom('aliases').where('system', '=', key[0] as string).where('code', '=', key[1] as string).execute();
        break;
      case 'statusMaps':
        await tx.deleteFrom('status_maps').where('system', '=', key[0] as string).where('external_status', '=', key[1] as string).execute();
        break;
    }
    await audit(tx, k, 'delete', key, who, before, undefined);
    return old;
  });
}

/** Why a record may not go: what still needs it (empty = free to delete). */
async function usesOf(tx: Transaction<Database>, k: KindRoute, key: readonly string[], md: MasterData): Promise<string[]> {
  const count = async (table: 'events' | 'positions' | 'holds', column: 'sku_id' | 'warehouse_id', value: string): Promise<number> =>
    Number((await tx.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where(column, '=', value).executeTakeFirstOrThrow()).n);
  const history = async (column: 'sku_id' | 'warehouse_id', id: string): Promise<string | undefined> => {
    const [events, positions, holds] = [await count('events', column, id), await count('positions', column, id), await count('holds', column, id)];
    if (events + positions + holds === 0) return undefined;
    const parts = [events && `${events} ledger events`, positions && `${positions} stock positions`, holds && `${holds} holds`].filter(Boolean).join(', ');
    return `it has stock or ledger history (${parts}), which must stay explainable`;
  };
  const list = (xs: readonly string[]) => (xs.length > 5 ? `${xs.slice(0, 5).join(', ')} and ${xs.length - 5} more` : xs.join(', '));
  const out: string[] = [];
  const id = key[0] as string;
  if (k.kind === 'skus') {
    const h = await history('sku_id', id);
    const aliases = md.aliases.filter((a) => a.sku === id).map((a) => `${a.system}/${a.code}`);
    if (h) out.push(`${h}; it stays in master data (to stop new events mapping to it, delete or re-point its aliases${aliases.length ? `: ${list(aliases)}` : ''})`);
    else if (aliases.length > 0) out.push(`aliases ${list(aliases)} map to it: delete or re-point them first`);
  } else if (k.kind === 'warehouses') {
    const h = await history('warehouse_id', id);
    if (h) out.push(`${h}; deactivate it instead (PUT /api/master-data/warehouses/${encodeURIComponent(id)} with "active": false)`);
    const sources = md.sources.filter((s) => s.warehouses.includes(id)).map((s) => s.id);
    if (sources.length > 0) out.push(`sources ${list(sources)} report for it: change them first (POST /api/master-data/import)`);
  } else if (k.kind === 'units') {
    const aliases = md.aliases.filter((a) => a.sku === id && a.unit === key[1]).map((a) => `${a.system}/${a.code}`);
    if (aliases.length > 0) out.push(`aliases ${list(aliases)} count SKU ${id} in ${key[1]}: change them first`);
  }
  return out;
}

const notFound = (k: KindRoute, key: readonly string[]) => {
  const msg = `${k.label} ${idOf(k, key)} not found`;
  return new StockmeshError('NOT_FOUND', msg, [problem('NOT_FOUND', msg, k.keys[0])]);
};

/** Master data holding just `record` in its kind: what saveMasterData writes. */
const only = (k: KindRoute, record: AnyRecord): MasterData =>
  ({ warehouses: [], skus: [], units: [], aliases: [], statusMaps: [], sources: [], [k.kind]: [record] }) as unknown as MasterData;

function audit(tx: Transaction<Database>, k: KindRoute, verb: 'create' | 'update' | 'delete', key: readonly string[], who: ChangeAuthor, before: AnyRecord | undefined, after: AnyRecord | undefined) {
  return recordAudit(tx, {
    actor: who.actor,
    via: 'api',
    action: `masterdata.${k.noun}.${verb}`,
    target: { kind: k.noun, id: idOf(k, key) },
    warehouse: warehouseOf(k, after ?? before),
    before,
    after,
    requestId: who.requestId,
  });
}

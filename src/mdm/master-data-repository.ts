import type { Kysely, Transaction } from 'kysely';
import type { CanonicalStatus, MasterData, StorageClass, WarehouseKind } from '../domain/index.ts';
import type { Database } from '../store/index.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Loads the whole of master data (it is small next to the ledger: thousands, not millions). */
export async function loadMasterData(db: Db): Promise<MasterData> {
  const [warehouses, skus, units, aliases, statusMaps, sources] = await Promise.all([
    db.selectFrom('warehouses').selectAll().orderBy('id').execute(),
    db.selectFrom('skus').selectAll().orderBy('id').execute(),
    db.selectFrom('sku_units').selectAll().orderBy('sku_id').orderBy('factor').execute(),
    db.selectFrom('aliases').selectAll().orderBy('system').orderBy('code').execute(),
    db.selectFrom('status_maps').selectAll().orderBy('system').orderBy('external_status').execute(),
    db.selectFrom('sources').selectAll().orderBy('id').execute(),
  ]);
  return {
    warehouses: warehouses.map((w) => ({
      id: w.id,
      name: w.name,
      kind: w.kind as WarehouseKind,
      region: w.region,
      lat: w.lat,
      lon: w.lon,
      storageClasses: JSON.parse(w.storage_classes) as StorageClass[],
      hazmat: w.hazmat === 1,
      dailyCapacity: w.daily_capacity,
      cutoffTime: w.cutoff_time,
      timeZone: w.time_zone,
      ownerTeam: w.owner_team,
      escalationContact: w.escalation_contact ?? undefined,
      active: w.active === 1,
    })),
    skus: skus.map((s) => ({
      id: s.id,
      gtin: s.gtin ?? undefined,
      name: s.name,
      category: s.category,
      baseUnit: s.base_unit,
      weightKg: s.weight_kg,
      storageClass: s.storage_class as StorageClass,
      hazmat: s.hazmat === 1,
      lotControlled: s.lot_controlled === 1,
      expiryControlled: s.expiry_controlled === 1,
      minShelfLifeDays: s.min_shelf_life_days,
    })),
    units: units.map((u) => ({ sku: u.sku_id, unit: u.unit, factor: u.factor })),
    aliases: aliases.map((a) => ({ system: a.system, code: a.code, sku: a.sku_id, unit: a.unit ?? undefined })),
    statusMaps: statusMaps.map((m) => ({ system: m.system, external: m.external_status, status: m.status as CanonicalStatus })),
    sources: sources.map((s) => ({ id: s.id, name: s.name, dialect: s.dialect, warehouses: JSON.parse(s.warehouses) as string[] })),
  };
}

const CHUNK = 200;
function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

/**
 * Writes (inserts or replaces by key) every record of `md` inside the caller's transaction.
 * Validation happens before: this only persists an already-checked import.
 */
export async function saveMasterData(tx: Transaction<Database>, md: MasterData): Promise<void> {
  for (const part of chunks(md.warehouses)) {
    await tx
      .insertInto('warehouses')
      .values(
        part.map((w) => ({
          id: w.id,
          name: w.name,
          kind: w.kind,
          region: w.region,
          lat: w.lat,
          lon: w.lon,
          storage_classes: JSON.stringify(w.storageClasses),
          hazmat: w.hazmat ? 1 : 0,
          daily_capacity: w.dailyCapacity,
          cutoff_time: w.cutoffTime,
          time_zone: w.timeZone,
          owner_team: w.ownerTeam,
          escalation_contact: w.escalationContact ?? null,
          active: w.active ? 1 : 0,
        })),
      )
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          kind: eb.ref('excluded.kind'),
          region: eb.ref('excluded.region'),
          lat: eb.ref('excluded.lat'),
          lon: eb.ref('excluded.lon'),
          storage_classes: eb.ref('excluded.storage_classes'),
          hazmat: eb.ref('excluded.hazmat'),
          daily_capacity: eb.ref('excluded.daily_capacity'),
          cutoff_time: eb.ref('excluded.cutoff_time'),
          time_zone: eb.ref('excluded.time_zone'),
          owner_team: eb.ref('excluded.owner_team'),
          escalation_contact: eb.ref('excluded.escalation_contact'),
          active: eb.ref('excluded.active'),
        })),
      )
      .execute();
  }
  for (const part of chunks(md.skus)) {
    await tx
      .insertInto('skus')
      .values(
        part.map((s) => ({
          id: s.id,
          gtin: s.gtin ?? null,
          name: s.name,
          category: s.category,
          base_unit: s.baseUnit,
          weight_kg: s.weightKg,
          storage_class: s.storageClass,
          hazmat: s.hazmat ? 1 : 0,
          lot_controlled: s.lotControlled ? 1 : 0,
          expiry_controlled: s.expiryControlled ? 1 : 0,
          min_shelf_life_days: s.minShelfLifeDays,
        })),
      )
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          gtin: eb.ref('excluded.gtin'),
          name: eb.ref('excluded.name'),
          category: eb.ref('excluded.category'),
          base_unit: eb.ref('excluded.base_unit'),
          weight_kg: eb.ref('excluded.weight_kg'),
          storage_class: eb.ref('excluded.storage_class'),
          hazmat: eb.ref('excluded.hazmat'),
          lot_controlled: eb.ref('excluded.lot_controlled'),
          expiry_controlled: eb.ref('excluded.expiry_controlled'),
          min_shelf_life_days: eb.ref('excluded.min_shelf_life_days'),
        })),
      )
      .execute();
  }
  for (const part of chunks(md.units)) {
    await tx
      .insertInto('sku_units')
      .values(part.map((u) => ({ sku_id: u.sku, unit: u.unit, factor: u.factor })))
      .onConflict((oc) => oc.columns(['sku_id', 'unit']).doUpdateSet((eb) => ({ factor: eb.ref('excluded.factor') })))
      .execute();
  }
  for (const part of chunks(md.aliases)) {
    await tx
      .insertInto('aliases')
      .values(part.map((a) => ({ system: a.system, code: a.code, sku_id: a.sku, unit: a.unit ?? null })))
      .onConflict((oc) =>
        oc.columns(['system', 'code']).doUpdateSet((eb) => ({ sku_id: eb.ref('excluded.sku_id'), unit: eb.ref('excluded.unit') })),
      )
      .execute();
  }
  for (const part of chunks(md.statusMaps)) {
    await tx
      .insertInto('status_maps')
      .values(part.map((m) => ({ system: m.system, external_status: m.external, status: m.status })))
      .onConflict((oc) => oc.columns(['system', 'external_status']).doUpdateSet((eb) => ({ status: eb.ref('excluded.status') })))
      .execute();
  }
  for (const part of chunks(md.sources)) {
    await tx
      .insertInto('sources')
      .values(part.map((s) => ({ id: s.id, name: s.name, dialect: s.dialect, warehouses: JSON.stringify(s.warehouses) })))
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          dialect: eb.ref('excluded.dialect'),
          warehouses: eb.ref('excluded.warehouses'),
        })),
      )
      .execute();
  }
}

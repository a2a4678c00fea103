import { type Alias, type MasterData, problem, type Problem } from '../domain/index.ts';
import { placeOf, type ValidRecord } from './import-record.ts';
import { aliasKey, keyOfValid, kindKey, unitKey } from './record-keys.ts';

/** A problem found on one imported record. */
export interface RecordProblem {
  readonly record: ValidRecord;
  readonly problem: Problem;
}

/** Ids of records that failed their schema: already reported, so references to them are not. */
export interface ReportedIds {
  readonly skus: ReadonlySet<string>;
  readonly warehouses: ReadonlySet<string>;
}

/**
 * Checks what imported records refer to, against master data as it would be after the import
 * (`merged` = stored + imported): units and aliases name a known SKU, an alias's unit is a unit
 * of its SKU, a source's warehouses exist, and the base unit of a SKU converts with factor 1.
 * Stored records are only looked at when an imported SKU changes what they rely on.
 */
export function checkReferences(incoming: readonly ValidRecord[], merged: MasterData, reported: ReportedIds): RecordProblem[] {
  const out: RecordProblem[] = [];
  const add = (record: ValidRecord, p: Problem): void => {
    out.push({ record, problem: p });
  };
  const skus = new Map(merged.skus.map((s) => [s.id, s]));
  const warehouses = new Set(merged.warehouses.map((w) => w.id));
  const unitsOf = new Map<string, Map<string, number>>();
  for (const u of merged.units) unitsOf.set(u.sku, (unitsOf.get(u.sku) ?? new Map<string, number>()).set(u.unit, u.factor));
  const unitAliasesOf = new Map<string, Alias[]>();
  for (const a of merged.aliases) if (a.unit !== undefined) unitAliasesOf.set(a.sku, [...(unitAliasesOf.get(a.sku) ?? []), a]);
  const incomingKeys = new Set(incoming.map(keyOfValid));
  const missingSku = (id: string): string => `SKU ${id} is neither in master data nor in this import`;
  const knownUnits = (id: string): string => {
    const sku = skus.get(id);
    return [sku?.baseUnit ?? '', ...(unitsOf.get(id)?.keys() ?? [])].filter((x) => x !== '').join(', ');
  };

  for (const v of incoming) {
    const { origin } = v;
    switch (v.kind) {
      case 'units': {
        const { sku: id, unit, factor } = v.record;
        const sku = skus.get(id);
        if (!sku) {
          if (!reported.skus.has(id)) add(v, problem('DANGLING_REFERENCE', missingSku(id), placeOf(origin, 'sku')));
        } else if (unit === sku.baseUnit && factor !== 1) {
          add(v, problem('MALFORMED_RECORD', `${unit} is the base unit of SKU ${id}, so its factor must be 1, got ${factor}`, placeOf(origin, 'factor')));
        }
        break;
      }
      case 'aliases': {
        const { sku: id, unit } = v.record;
        const sku = skus.get(id);
        if (!sku) {
          if (!reported.skus.has(id)) add(v, problem('DANGLING_REFERENCE', missingSku(id), placeOf(origin, 'sku')));
        } else if (unit !== undefined && unit !== sku.baseUnit && !unitsOf.get(id)?.has(unit)) {
          const msg = `unit ${unit} is not a unit of SKU ${id} (its units: ${knownUnits(id)})`;
          add(v, problem('DANGLING_REFERENCE', msg, placeOf(origin, 'unit')));
        }
        break;
      }
      case 'sources':
        v.record.warehouses.forEach((w, i) => {
          if (warehouses.has(w) || reported.warehouses.has(w)) return;
          const msg = `warehouse ${w} is neither in master data nor in this import`;
          add(v, problem('DANGLING_REFERENCE', msg, placeOf(origin, `warehouses[${i}]`)));
        });
        break;
      case 'skus': {
        const { id, baseUnit } = v.record;
        const factor = unitsOf.get(id)?.get(baseUnit);
        if (factor !== undefined && factor !== 1 && !incomingKeys.has(kindKey('units', unitKey(id, baseUnit)))) {
          const msg = `base unit ${baseUnit} has factor ${factor} in stored unit conversions; the base unit's factor must be 1`;
          add(v, problem('MALFORMED_RECORD', msg, placeOf(origin, 'baseUnit')));
        }
        for (const a of unitAliasesOf.get(id) ?? []) {
          if (a.unit === undefined || a.unit === baseUnit || unitsOf.get(id)?.has(a.unit)) continue;
          if (incomingKeys.has(kindKey('aliases', aliasKey(a.system, a.code)))) continue;
          const msg = `stored alias ${a.system}/${a.code} counts SKU ${id} in ${a.unit}, which would no longer be a unit of it (its units: ${knownUnits(id)})`;
          add(v, problem('DANGLING_REFERENCE', msg, placeOf(origin, 'baseUnit')));
        }
        break;
      }
      default:
        break;
    }
  }
  return out;
}

/**
 * Aliases and status mappings of a system that is not a known source apply to nothing until a
 * source with that id exists: a warning, once per system, on its first imported record.
 */
export function checkSystems(incoming: readonly ValidRecord[], merged: MasterData): RecordProblem[] {
  const sources = new Set(merged.sources.map((s) => s.id));
  const warned = new Set<string>();
  const out: RecordProblem[] = [];
  for (const v of incoming) {
    if (v.kind !== 'aliases' && v.kind !== 'statusMaps') continue;
    const { system } = v.record;
    if (sources.has(system) || warned.has(system)) continue;
    warned.add(system);
    const msg = `system ${system} is not a known source: its aliases and status mappings are unused until a source with this id exists`;
    out.push({ record: v, problem: problem('UNKNOWN_SOURCE', msg, placeOf(v.origin, 'system')) });
  }
  return out;
}

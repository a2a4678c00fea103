import { quantityOf, sumQuantities } from './decimal-sum.ts';
import { parseObjectId } from './gs1-identifiers.ts';
import { isRecord } from './json-value.ts';

/** How much of one trade item (GTIN, lot, unit) an event names. */
export interface ObjectCount {
  readonly gtin: string;
  readonly lot?: string | undefined;
  /** UN/CEFACT Rec. 20 unit of a quantityList entry (KGM…); absent for counted instances and unit-less quantities. */
  readonly unit?: string | undefined;
  readonly quantity: number | string;
}

export interface CountResult {
  readonly counts: readonly ObjectCount[];
  /** Schemes of identifiers that are not trade items (sscc, giai, grai, gsrn…): not stock of a SKU. */
  readonly others: readonly string[];
  /** Why identifiers or quantities could not be read: the event is refused. */
  readonly invalid: readonly string[];
  /** The same EPC listed twice in one event (counted once). */
  readonly duplicates: number;
}

/**
 * Counts the trade items an event names: each distinct SGTIN (or Digital Link with a serial) of an
 * EPC list is one unit of its GTIN (lot from the Digital Link's 10, else from the event's ILMD);
 * each quantityList entry (LGTIN → GTIN + lot, idpat sgtin `*` → GTIN, Digital Link class) adds
 * its quantity in its `uom`. Counts of the same GTIN, lot and unit add up, exactly.
 */
export function countObjects(epcs: readonly unknown[], quantities: readonly unknown[], ilmdLot: string | undefined): CountResult {
  const totals = new Map<string, { gtin: string; lot: string | undefined; unit: string | undefined; parts: (number | string)[] }>();
  const others: string[] = [];
  const invalid: string[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  const add = (gtin: string, lot: string | undefined, unit: string | undefined, q: number | string) => {
    const key = JSON.stringify([gtin, lot ?? '', unit ?? '']);
    const t = totals.get(key) ?? { gtin, lot, unit, parts: [] };
    t.parts.push(q);
    totals.set(key, t);
  };
  for (const epc of epcs) {
    if (typeof epc !== 'string') {
      invalid.push(`an EPC list entry is ${JSON.stringify(epc)}, not a URI`);
      continue;
    }
    if (seen.has(epc)) {
      duplicates++;
      continue;
    }
    seen.add(epc);
    const id = parseObjectId(epc, false);
    if (id.kind === 'invalid') invalid.push(id.reason);
    else if (id.kind === 'other') others.push(id.scheme);
    else add(id.gtin, id.lot ?? ilmdLot, undefined, 1);
  }
  for (const q of quantities) {
    if (!isRecord(q) || typeof q['epcClass'] !== 'string') {
      invalid.push(`a quantity list entry has no epcClass: ${JSON.stringify(q)}`);
      continue;
    }
    const epcClass = q['epcClass'];
    const id = parseObjectId(epcClass, true);
    const quantity = quantityOf(q['quantity']);
    const uom = q['uom'];
    if (id.kind === 'invalid') invalid.push(id.reason);
    else if (id.kind === 'other') others.push(id.scheme);
    else if (quantity === undefined) invalid.push(`quantity ${JSON.stringify(q['quantity'])} of ${epcClass} is not a positive number`);
    else if (uom !== undefined && (typeof uom !== 'string' || !/^[A-Z0-9]{2,3}$/.test(uom))) invalid.push(`uom ${JSON.stringify(uom)} of ${epcClass} is not a UN/CEFACT unit code`);
    else add(id.gtin, id.lot ?? ilmdLot, uom, quantity);
  }
  const counts = [...totals.values()].map((t) => ({
    gtin: t.gtin,
    ...(t.lot !== undefined && t.lot !== '' ? { lot: t.lot } : {}),
    ...(t.unit !== undefined ? { unit: t.unit } : {}),
    quantity: sumQuantities(t.parts),
  }));
  return { counts, others: [...new Set(others)], invalid, duplicates };
}

import { type CountResult, countObjects } from './count-objects.ts';
import { isRecord, type JsonObject, list } from './json-value.ts';

/** Which side of an event a group of objects is on: the objects of most events, or a transformation's inputs/outputs. */
export type ObjectRole = 'objects' | 'inputs' | 'outputs';

export interface ObjectGroup extends CountResult {
  readonly role: ObjectRole;
}

export type EventObjects = { readonly ok: true; readonly groups: readonly ObjectGroup[]; readonly expiry?: string | undefined } | { readonly ok: false; readonly reason: string };

/** Where each event type keeps its objects (EPC instances, quantity entries). The parentID is a container, not stock. */
const FIELDS: Readonly<Record<string, readonly { readonly role: ObjectRole; readonly epcs: string; readonly quantities: string }[]>> = {
  ObjectEvent: [{ role: 'objects', epcs: 'epcList', quantities: 'quantityList' }],
  TransactionEvent: [{ role: 'objects', epcs: 'epcList', quantities: 'quantityList' }],
  AggregationEvent: [{ role: 'objects', epcs: 'childEPCs', quantities: 'childQuantityList' }],
  AssociationEvent: [{ role: 'objects', epcs: 'childEPCs', quantities: 'childQuantityList' }],
  TransformationEvent: [
    { role: 'inputs', epcs: 'inputEPCList', quantities: 'inputQuantityList' },
    { role: 'outputs', epcs: 'outputEPCList', quantities: 'outputQuantityList' },
  ],
};

export const EVENT_TYPES: readonly string[] = Object.keys(FIELDS);

/**
 * The trade items an event names, per role, counted per GTIN × lot × unit. The lot of serialised
 * items without one comes from the event's ILMD (`cbvmda:lotNumber`), their expiry from
 * `cbvmda:itemExpirationDate` — instance/lot master data that travels with commissioning and
 * transformation outputs.
 */
export function eventObjects(event: JsonObject, type: string): EventObjects {
  const ilmd = isRecord(event['ilmd']) ? event['ilmd'] : {};
  const lot = typeof ilmd['cbvmda:lotNumber'] === 'string' ? ilmd['cbvmda:lotNumber'] : undefined;
  const expiryRaw = ilmd['cbvmda:itemExpirationDate'];
  const expiry = typeof expiryRaw === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(expiryRaw) ? expiryRaw : undefined;
  const groups: ObjectGroup[] = [];
  for (const f of FIELDS[type] ?? []) {
    const epcs = list(event, f.epcs);
    const quantities = list(event, f.quantities);
    if (epcs === undefined) return { ok: false, reason: `${f.epcs} is not an array` };
    if (quantities === undefined) return { ok: false, reason: `${f.quantities} is not an array` };
    groups.push({ role: f.role, ...countObjects(epcs, quantities, lot) });
  }
  return { ok: true, groups, expiry };
}

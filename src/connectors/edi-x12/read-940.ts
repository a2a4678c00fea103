import { ELEMENT_ERROR, SEGMENT_ERROR } from './ack-model.ts';
import { g62 } from './occurred-at.ts';
import { describeParties, partyOf, resolveWarehouse } from './parties.ts';
import { readDetailLines } from './read-detail-lines.ts';
import { emptyOutput, type SetReader } from './set-reader.ts';
import type { X12ShippingOrder } from './shipping-order.ts';
import { el, type Segment, type X12Party } from './x12-model.ts';
import { isoInstant, readDate, readTime } from './x12-values.ts';

interface AddressedParty {
  readonly party: X12Party;
  readonly lines: string[];
  place: Segment | undefined;
}

/**
 * 940 Warehouse Shipping Order (received) → an X12ShippingOrder: the order reference W05-02
 * (depositor order number), the warehouse (N1*WH), the ship-to party (N1*ST, else N1*CN consignee)
 * with its N3/N4 address, one line per W01 (quantity, unit, product code by qualifier preference,
 * lot W01-13) and the requested ship date G62*10. A ship-to party that is itself one of the hub's
 * warehouses makes the order a transfer. No stock moves: the 945 reports what shipped.
 */
export const read940: SetReader = (ctx) => {
  const body = ctx.set.body;
  const w05 = body.find((s) => s.tag === 'W05');
  if (w05 === undefined) {
    ctx.findings.segmentError({ tag: 'W05', elements: [], position: 2 }, SEGMENT_ERROR.mandatoryMissing, 'W05 (shipping order identification) is missing');
    return emptyOutput;
  }
  const parties: AddressedParty[] = [];
  for (const s of body) {
    if (s.tag === 'LX' || s.tag === 'W01') break;
    if (s.tag === 'N1') parties.push({ party: partyOf(s), lines: [], place: undefined });
    const last = parties.at(-1);
    if (last && s.tag === 'N3') last.lines.push(...[el(s, 1), el(s, 2)].filter((x) => x !== ''));
    if (last && s.tag === 'N4') last.place = s;
  }
  const requested = g62(body, ['10', '37', '02']);
  const date = requested === undefined ? undefined : readDate(requested, 2, ctx.findings);
  const time = requested === undefined ? undefined : readTime(requested, 4, ctx.findings);
  const lines = readDetailLines(ctx, { tag: 'W01', quantity: 1, unit: 2, upcCase: 3, qualifiers: () => [4, 6, 15], lot: 13 });
  for (const l of lines) {
    if (l.unit === undefined) ctx.findings.elementError(l.seg, { position: 2, reference: '355', code: ELEMENT_ERROR.mandatoryMissing }, 'the unit of measure is required');
  }
  const o = ctx.options;
  const hit = resolveWarehouse(parties.filter((p) => p.party.entity === 'WH').map((p) => p.party), o.warehouseFor, o.defaultWarehouse);
  if (hit === undefined) {
    ctx.findings.unmapped(w05, `no warehouse for this order: ${describeParties(parties.map((p) => p.party))}`, 'UNKNOWN_WAREHOUSE');
    return emptyOutput;
  }
  const shipTo = parties.find((p) => p.party.entity === 'ST') ?? parties.find((p) => p.party.entity === 'CN');
  const toWarehouse = shipTo === undefined ? undefined : o.warehouseFor?.(shipTo.party);
  const place = shipTo?.place;
  const address = [...(shipTo?.lines ?? []), ...(place ? [[el(place, 1), el(place, 2), el(place, 3), el(place, 4)].filter((x) => x !== '').join(' ')] : [])];
  const order: X12ShippingOrder = {
    kind: toWarehouse === undefined ? 'ship' : 'transfer',
    id: ctx.idPrefix,
    warehouse: hit.warehouse,
    orderRef: el(w05, 2) || el(w05, 3),
    shipTo: {
      name: shipTo?.party.name ?? '',
      ...(address.length > 0 ? { address: address.join(', ') } : {}),
      ...(place && el(place, 2) !== '' ? { region: el(place, 2) } : {}),
      ...(toWarehouse !== undefined ? { toWarehouse } : {}),
    },
    lines: lines.map((l) => ({
      externalCode: l.product.id,
      qualifier: l.product.qualifier,
      quantity: l.quantity,
      unit: l.unit ?? '',
      ...(l.lot !== undefined ? { lot: l.lot } : {}),
    })),
    requestedAt: date === undefined ? ctx.envelope.sentAt : isoInstant(date, time, o.utcOffset),
  };
  return { ...emptyOutput, orders: [order] };
};

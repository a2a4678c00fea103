import { SEGMENT_ERROR } from './ack-model.ts';
import { makeEvent } from './make-event.ts';
import { g62, occurredAt } from './occurred-at.ts';
import { setWarehouse } from './parties.ts';
import { readDetailLines } from './read-detail-lines.ts';
import { emptyOutput, lineId, type SetReader } from './set-reader.ts';
import { el } from './x12-model.ts';

/**
 * 945 Warehouse Shipping Advice → one shipment event per W12 line: the units shipped (W12-03) leave
 * `available` stock of the warehouse (reason `ship`), with the order reference of W06 (depositor
 * order number W06-02, else purchase order number W06-06) and the lot of W12-09 or N9*LT. The
 * shipment time is G62*11 (shipped on this date), else W06-03.
 */
export const read945: SetReader = (ctx) => {
  const body = ctx.set.body;
  const w06 = body.find((s) => s.tag === 'W06');
  if (w06 === undefined) {
    ctx.findings.segmentError({ tag: 'W06', elements: [], position: 2 }, SEGMENT_ERROR.mandatoryMissing, 'W06 (shipment identification) is missing');
    return emptyOutput;
  }
  const at = occurredAt(ctx, [
    { seg: g62(body, ['11']), date: 2, time: 4, code: 5 },
    { seg: w06, date: 3 },
  ]);
  const orderRef = el(w06, 2) || el(w06, 6) || undefined;
  if (orderRef === undefined) ctx.findings.note('W06 names no depositor order number (W06-02) nor purchase order (W06-06): the shipments carry no order reference');
  const lines = readDetailLines(ctx, {
    tag: 'W12',
    quantity: 3,
    unit: 5,
    upcCase: 6,
    // W12-17/18 name the item originally ordered when W12-01 says it was substituted (IS).
    qualifiers: (s) => (el(s, 1) === 'IS' ? [7] : [7, 17]),
    lot: 9,
  });
  const warehouse = setWarehouse(ctx, ['LX', 'W12']);
  if (warehouse === undefined) return emptyOutput;
  const events = lines.map((l) =>
    makeEvent({
      id: lineId(ctx, l.ordinal),
      source: ctx.options.source,
      occurredAt: at,
      warehouse,
      sku: l.product.id,
      unit: l.unit,
      quantity: l.quantity,
      lot: l.lot,
      fromStatus: 'available',
      reason: 'ship',
      orderRef,
    }),
  );
  return { ...emptyOutput, events };
};

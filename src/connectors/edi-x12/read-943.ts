import { SEGMENT_ERROR } from './ack-model.ts';
import { makeEvent } from './make-event.ts';
import { g62, occurredAt } from './occurred-at.ts';
import { setWarehouse } from './parties.ts';
import { readDetailLines } from './read-detail-lines.ts';
import { emptyOutput, lineId, type SetReader } from './set-reader.ts';
import { el } from './x12-model.ts';

/**
 * 943 Warehouse Stock Transfer Shipment Advice → one event per W04 line: stock shipped to the
 * warehouse (N1*WH) enters `in_transit` there (reason `transfer_shipped`), until the 944 receipt
 * moves it to available (see `receiptsFromInTransit`). The transfer reference is the depositor
 * order number W06-02, the same number the 944 answers with in W17-04. The time is G62*11 (shipped),
 * else W06-03.
 */
export const read943: SetReader = (ctx) => {
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
  const transferRef = el(w06, 2) || el(w06, 4) || undefined;
  const lines = readDetailLines(ctx, { tag: 'W04', quantity: 1, unit: 2, upcCase: 3, qualifiers: () => [4, 6, 14] });
  const warehouse = setWarehouse(ctx, ['W04', 'LX']);
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
      toStatus: 'in_transit',
      reason: 'transfer_shipped',
      transferRef,
    }),
  );
  return { ...emptyOutput, events };
};

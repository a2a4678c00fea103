import { SEGMENT_ERROR } from './ack-model.ts';
import { makeEvent } from './make-event.ts';
import { g62, occurredAt } from './occurred-at.ts';
import { setWarehouse } from './parties.ts';
import { readDetailLines } from './read-detail-lines.ts';
import { emptyOutput, lineId, type SetReader } from './set-reader.ts';
import { el } from './x12-model.ts';

/**
 * 944 Warehouse Stock Transfer Receipt Advice → one receipt event per W07 line: the quantity
 * received (W07-01) enters `available` (reason `receipt`), with the lot of W07-08 or N9*LT. The
 * transfer reference is the depositor order number W17-04 (the 943 it answers), else the
 * warehouse receipt number W17-03. With `receiptsFromInTransit` the quantity leaves `in_transit`
 * (put there by the 943) instead of arriving as new stock. The receipt time is W17-02.
 */
export const read944: SetReader = (ctx) => {
  const body = ctx.set.body;
  const w17 = body.find((s) => s.tag === 'W17');
  if (w17 === undefined) {
    ctx.findings.segmentError({ tag: 'W17', elements: [], position: 2 }, SEGMENT_ERROR.mandatoryMissing, 'W17 (warehouse receipt identification) is missing');
    return emptyOutput;
  }
  const at = occurredAt(ctx, [
    { seg: w17, date: 2 },
    { seg: g62(body, ['09', '11', '35']), date: 2, time: 4, code: 5 },
  ]);
  const transferRef = el(w17, 4) || el(w17, 3) || undefined;
  const lines = readDetailLines(ctx, { tag: 'W07', quantity: 1, unit: 2, upcCase: 3, qualifiers: () => [4, 6, 10], lot: 8 });
  if (body.some((s) => s.tag === 'W13')) ctx.findings.note('W13 (receipt exceptions: damaged, over, short) is not read; the W07 quantities are taken as received into available');
  const warehouse = setWarehouse(ctx, ['W07', 'LX']);
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
      fromStatus: ctx.options.receiptsFromInTransit ? 'in_transit' : undefined,
      toStatus: 'available',
      reason: 'receipt',
      transferRef,
    }),
  );
  return { ...emptyOutput, events };
};

import type { InboundEvent } from '../../domain/index.ts';
import type { SnapshotDoc } from '../connector.ts';
import { SEGMENT_ERROR } from './ack-model.ts';
import { type ListingLine, listingLines } from './listing-lines.ts';
import { makeEvent } from './make-event.ts';
import { occurredAt } from './occurred-at.ts';
import { describeParties, headingParties, resolveWarehouse } from './parties.ts';
import { describePairs, pickProductId } from './product-id.ts';
import { type Item, read846Items } from './read-846-items.ts';
import { emptyOutput, lineId, type ReadContext, type SetReader } from './set-reader.ts';
import { el } from './x12-model.ts';
import { isZero } from './x12-values.ts';

/**
 * 846 Inventory Inquiry/Advice. A full listing (BIA01 in `fullListingPurposes`: 00 original, 05
 * replace) becomes one snapshot per warehouse: the balances of every item, per status (QTY table).
 * Any other purpose is an incremental advice: its activity quantities (received, shipped,
 * transferred) become events, and its balances are refused — an absolute balance of a few items
 * cannot become a movement without the ledger. A cancellation (01) is refused as a whole.
 * The time is DTM*007 (effective) in the heading, else BIA04/BIA05.
 */
export const read846: SetReader = (ctx) => {
  const body = ctx.set.body;
  const bia = body.find((s) => s.tag === 'BIA');
  if (bia === undefined) {
    ctx.findings.segmentError({ tag: 'BIA', elements: [], position: 2 }, SEGMENT_ERROR.mandatoryMissing, 'BIA (beginning segment) is missing');
    return emptyOutput;
  }
  const firstLin = body.findIndex((s) => s.tag === 'LIN');
  const heading = firstLin < 0 ? body : body.slice(0, firstLin);
  const at = occurredAt(ctx, [
    { seg: heading.find((s) => s.tag === 'DTM' && el(s, 1) === '007'), date: 2, time: 3, code: 4 },
    { seg: bia, date: 4, time: 5 },
  ]);
  const items = read846Items(ctx);
  const purpose = el(bia, 1);
  if (purpose === '01') {
    ctx.findings.unmapped(bia, 'BIA01 01 (cancellation) of an inventory advice: nothing to apply');
    return emptyOutput;
  }
  if (ctx.options.fullListingPurposes.includes(purpose)) return { ...emptyOutput, snapshots: fullListing(ctx, items, at) };
  ctx.findings.note(`BIA01 ${purpose}: an incremental advice, only its activity quantities are applied`);
  return { ...emptyOutput, events: incremental(ctx, items, at) };
};

function itemWarehouse(ctx: ReadContext, item: Item): string | undefined {
  const o = ctx.options;
  const heading = headingParties(ctx.set.body, ['LIN']);
  const hit = resolveWarehouse(item.parties, o.warehouseFor, undefined) ?? resolveWarehouse(heading, o.warehouseFor, o.defaultWarehouse);
  if (hit === undefined) {
    ctx.findings.unmapped(item.lin, `no warehouse for this item: ${describeParties([...item.parties, ...heading])} is known and the source has no default warehouse`, 'UNKNOWN_WAREHOUSE');
  }
  return hit?.warehouse;
}

function itemSku(ctx: ReadContext, item: Item): string | undefined {
  const product = pickProductId(item.pairs, ctx.options.productQualifiers);
  if (product === undefined) ctx.findings.unmapped(item.lin, `LIN has ${describePairs(item.pairs)} among the product qualifiers read`);
  return product?.id;
}

function fullListing(ctx: ReadContext, items: readonly Item[], takenAt: string): SnapshotDoc[] {
  if (items.length === 0) {
    ctx.findings.unmapped(undefined, 'a full listing without any LIN item would count the whole warehouse as empty: refused');
    return [];
  }
  const byWarehouse = new Map<string, ListingLine[]>();
  let complete = true;
  for (const item of items) {
    const warehouse = itemWarehouse(ctx, item);
    const sku = itemSku(ctx, item);
    const lines = sku === undefined ? undefined : listingLines(ctx, item, sku);
    if (warehouse === undefined || lines === undefined) {
      complete = false;
      continue;
    }
    byWarehouse.set(warehouse, [...(byWarehouse.get(warehouse) ?? []), ...lines]);
  }
  if (!complete) {
    ctx.findings.note('the listing is refused whole: a partial listing would read as zero stock for what is missing');
    return [];
  }
  return [...byWarehouse].map(([warehouse, lines]) => ({
    id: `${ctx.idPrefix}:${warehouse}`,
    source: ctx.options.source,
    warehouse,
    takenAt,
    lines,
  }));
}

function incremental(ctx: ReadContext, items: readonly Item[], at: string): InboundEvent[] {
  const events: InboundEvent[] = [];
  for (const item of items) {
    const sku = itemSku(ctx, item);
    const warehouse = itemWarehouse(ctx, item);
    for (const q of item.quantities) {
      const role = ctx.options.qtyQualifiers[q.qualifier];
      const what = `QTY ${q.qualifier} ${q.quantity}`;
      if (role === undefined) ctx.findings.unmapped(q.seg, `${what}: qualifier ${q.qualifier} is not in the connector's QTY table`);
      else if (role.kind === 'ignored') ctx.findings.note(`${what} (${role.label}): not stock in the warehouse, ignored`);
      else if (role.kind !== 'activity') {
        ctx.findings.unmapped(q.seg, `${what} (${role.label}) is a balance: in an incremental advice it cannot become a movement; send a full listing (BIA01 00)`);
      } else if (isZero(q.quantity)) ctx.findings.note(`${what} (${role.label}): nothing moved`);
      else if (sku !== undefined && warehouse !== undefined) {
        events.push(
          makeEvent({
            id: lineId(ctx, q.ordinal),
            source: ctx.options.source,
            occurredAt: at,
            warehouse,
            sku,
            unit: q.unit ?? item.unit,
            quantity: q.quantity,
            lot: q.lot ?? item.lot,
            expiry: q.expiry ?? item.expiry,
            fromStatus: role.from,
            toStatus: role.to,
            reason: role.reason,
          }),
        );
      }
    }
  }
  return events;
}

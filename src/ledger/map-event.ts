import { type CanonicalEvent, type InboundEvent, type Problem, problem, toBaseUnits } from '../domain/index.ts';
import type { MasterDataIndex } from '../mdm/index.ts';

export type Mapped = { ok: true; event: CanonicalEvent } | { ok: false; problems: Problem[] };

/**
 * Maps a shape-checked inbound event through master data: source and warehouse known, SKU code
 * resolved (alias of the source system, else canonical id), unit converted exactly to base
 * units, statuses mapped through the source's status map. Never guesses; every miss is a problem.
 */
export function mapEvent(e: InboundEvent, md: MasterDataIndex): Mapped {
  const problems: Problem[] = [];
  const source = md.source(e.source);
  if (!source) problems.push(problem('UNKNOWN_SOURCE', `source "${e.source}" is not in master data; add it under sources`, 'source'));
  const wh = md.warehouse(e.warehouse);
  if (!wh) problems.push(problem('UNKNOWN_WAREHOUSE', `warehouse "${e.warehouse}" is not in master data`, 'warehouse'));
  else if (source && !source.warehouses.includes(wh.id)) {
    problems.push(problem('SOURCE_NOT_ALLOWED', `source "${e.source}" may not report for warehouse "${wh.id}"`, 'warehouse'));
  }

  const resolved = md.resolveSku(e.source, e.sku);
  let quantity = 0;
  let lot = '';
  const expiry: string | null = e.expiry ?? null;
  if (!resolved) {
    const twin = md.skuWithGtin(e.sku);
    const hint = twin ? `; it is the GTIN of ${twin.id}: declare an alias if that is the item` : '';
    problems.push(problem('UNKNOWN_SKU', `"${e.sku}" is not an alias of "${e.source}" nor a canonical SKU${hint}`, 'sku'));
  } else {
    const sku = resolved.sku;
    const unit = e.unit ?? resolved.unit ?? sku.baseUnit;
    if (e.unit !== undefined && resolved.unit !== undefined && e.unit !== resolved.unit) {
      problems.push(problem('UNKNOWN_UNIT', `code "${e.sku}" stands for unit "${resolved.unit}" but the event says "${e.unit}"`, 'unit'));
    }
    const factor = md.factor(sku.id, unit);
    if (factor === undefined) {
      problems.push(problem('UNKNOWN_UNIT', `unit "${unit}" has no conversion for SKU ${sku.id}`, 'unit'));
    } else {
      const base = toBaseUnits(e.quantity, factor);
      if (base === undefined || base <= 0) {
        problems.push(
          problem('UNIT_INEXACT', `${e.quantity} ${unit} × ${factor} is not a whole positive number of ${sku.baseUnit}`, 'quantity'),
        );
      } else quantity = base;
    }
    lot = e.lot ?? '';
    if (sku.lotControlled && !e.lot) problems.push(problem('LOT_REQUIRED', `SKU ${sku.id} is lot-controlled: give a lot`, 'lot'));
    // The expiry belongs to the lot: it must come with the stock entering (a receipt); later
    // movements of the lot may omit it (the lot's position keeps it).
    if (sku.expiryControlled && !e.expiry && e.fromStatus === undefined) {
      problems.push(problem('EXPIRY_REQUIRED', `SKU ${sku.id} is expiry-controlled: a receipt must give the lot's expiry date`, 'expiry'));
    }
  }

  const fromStatus = e.fromStatus === undefined ? null : md.resolveStatus(e.source, e.fromStatus);
  if (fromStatus === undefined) {
    problems.push(problem('UNKNOWN_STATUS', `status "${e.fromStatus}" has no mapping for source "${e.source}"`, 'fromStatus'));
  }
  const toStatus = e.toStatus === undefined ? null : md.resolveStatus(e.source, e.toStatus);
  if (toStatus === undefined) {
    problems.push(problem('UNKNOWN_STATUS', `status "${e.toStatus}" has no mapping for source "${e.source}"`, 'toStatus'));
  }
  if (problems.length > 0 || !resolved || !wh || fromStatus === undefined || toStatus === undefined) {
    return { ok: false, problems };
  }
  if (fromStatus !== null && fromStatus === toStatus) {
    return {
      ok: false,
      problems: [problem('MALFORMED_EVENT', `"${e.fromStatus}" and "${e.toStatus}" both map to ${fromStatus}: nothing moves`, 'toStatus')],
    };
  }
  return {
    ok: true,
    event: {
      id: e.id,
      source: e.source,
      sourceSeq: e.sequence ?? null,
      occurredAt: e.occurredAt,
      warehouse: wh.id,
      sku: resolved.sku.id,
      lot,
      expiry,
      quantity,
      fromStatus,
      toStatus,
      reason: e.reason,
      orderRef: e.orderRef ?? null,
      transferRef: e.transferRef ?? null,
      external: { sku: e.sku, unit: e.unit ?? null, quantity: String(e.quantity) },
    },
  };
}

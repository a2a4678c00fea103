import { CANONICAL_STATUSES, type CanonicalStatus } from '../../domain/index.ts';
import { addQuantities, type Quantity, subtractQuantities } from './decimal-text.ts';
import { ON_HAND_STATUSES } from './qty-qualifiers.ts';
import type { Item, ItemQuantity } from './read-846-items.ts';
import type { ReadContext } from './set-reader.ts';

export interface ListingLine {
  readonly sku: string;
  readonly unit?: string | undefined;
  readonly lot?: string | undefined;
  readonly expiry?: string | undefined;
  readonly status: CanonicalStatus;
  readonly quantity: Quantity;
}

/**
 * The lines one item contributes to a full listing (846 snapshot), per unit × lot × expiry:
 * - each balance qualifier gives its status' quantity (two qualifiers of one status add up,
 *   except `available`, where the preferred one — 33 over 34 — is taken and the other noted);
 * - without an available balance, on hand (17) minus the other on-hand balances is available;
 * - activity and ignored qualifiers are noted: a full listing's balances already include them.
 * Returns undefined after reporting when the item cannot be listed (unknown qualifier, an on-hand
 * total smaller than its parts): the caller then refuses the whole listing.
 */
export function listingLines(ctx: ReadContext, item: Item, sku: string): ListingLine[] | undefined {
  const f = ctx.findings;
  const table = ctx.options.qtyQualifiers;
  const groups = new Map<string, ItemQuantity[]>();
  for (const q of item.quantities) {
    const unit = q.unit ?? item.unit;
    const lot = q.lot ?? item.lot;
    const expiry = q.expiry ?? item.expiry;
    const key = JSON.stringify([unit, lot, expiry]);
    groups.set(key, [...(groups.get(key) ?? []), { ...q, unit, lot, expiry }]);
  }
  const lines: ListingLine[] = [];
  let ok = true;
  for (const qs of groups.values()) {
    const first = qs[0]!;
    const balances = new Map<CanonicalStatus, Quantity[]>();
    let available: { q: ItemQuantity; prefer: number } | undefined;
    const onHand: ItemQuantity[] = [];
    for (const q of qs) {
      const role = table[q.qualifier];
      const what = `QTY ${q.qualifier} ${q.quantity}${q.unit ? ` ${q.unit}` : ''} of ${sku}`;
      if (role === undefined) {
        f.unmapped(q.seg, `${what}: qualifier ${q.qualifier} is not in the connector's QTY table, so the listing cannot be complete`);
        ok = false;
      } else if (role.kind === 'balance' && role.status === 'available') {
        const prefer = role.prefer ?? 9;
        if (available === undefined || prefer < available.prefer) {
          if (available !== undefined) f.note(`QTY ${available.q.qualifier} of ${sku} not used: ${q.qualifier} (${role.label}) is preferred`);
          available = { q, prefer };
        } else f.note(`${what} (${role.label}) not used: ${available.q.qualifier} is preferred`);
      } else if (role.kind === 'balance') {
        balances.set(role.status, [...(balances.get(role.status) ?? []), q.quantity]);
      } else if (role.kind === 'on_hand') {
        onHand.push(q);
      } else if (role.kind === 'activity') {
        f.note(`${what} (${role.label}): already in the listed balances, not applied as a movement`);
      } else {
        f.note(`${what} (${role.label}): not stock in the warehouse, ignored`);
      }
    }
    const summed = new Map<CanonicalStatus, Quantity>([...balances].map(([s, parts]) => [s, addQuantities(parts)]));
    if (available !== undefined) {
      summed.set('available', available.q.quantity);
      for (const h of onHand) f.note(`QTY ${h.qualifier} ${h.quantity} of ${sku} (on hand): the balances are listed one by one, the total is not applied`);
    } else if (onHand.length > 0) {
      const total = onHand[0]!;
      const held = ON_HAND_STATUSES.filter((s) => s !== 'available').flatMap((s) => (summed.has(s) ? [summed.get(s)!] : []));
      const rest = subtractQuantities(total.quantity, held);
      if (rest === undefined) {
        f.unmapped(total.seg, `QTY ${total.qualifier} on hand ${total.quantity} of ${sku} is less than its held, damaged and committed balances (${held.join(' + ')})`);
        ok = false;
      } else summed.set('available', rest);
    }
    for (const [status, quantity] of [...summed].sort(([a], [b]) => CANONICAL_STATUSES.indexOf(a) - CANONICAL_STATUSES.indexOf(b))) {
      lines.push({
        sku,
        ...(first.unit === undefined ? {} : { unit: first.unit }),
        ...(first.lot === undefined ? {} : { lot: first.lot }),
        ...(first.expiry === undefined ? {} : { expiry: first.expiry }),
        status,
        quantity,
      });
    }
  }
  return ok ? lines : undefined;
}

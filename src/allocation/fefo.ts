import type { EligibleLot } from './prepared-types.ts';

/** First expiry first out: earlier expiry first, lots without expiry last, then by lot id. */
export function fefoOrder(a: EligibleLot, b: EligibleLot): number {
  if (a.expiry !== b.expiry) {
    if (a.expiry === undefined) return 1;
    if (b.expiry === undefined) return -1;
    return a.expiry < b.expiry ? -1 : 1;
  }
  const la = a.lot ?? '';
  const lb = b.lot ?? '';
  return la < lb ? -1 : la > lb ? 1 : 0;
}

/**
 * Takes `qty` units from lots in FEFO order, given what earlier orders already took (`taken`, updated).
 * Returns the picks; the caller guarantees enough eligible stock.
 */
export function pickLots(lots: readonly EligibleLot[], taken: number[], qty: number): { lot?: string; qty: number }[] {
  const picks: { lot?: string; qty: number }[] = [];
  let need = qty;
  for (let i = 0; i < lots.length && need > 0; i++) {
    const l = lots[i] as EligibleLot;
    const free = l.qty - (taken[i] ?? 0);
    if (free <= 0) continue;
    const q = Math.min(free, need);
    taken[i] = (taken[i] ?? 0) + q;
    need -= q;
    const last = picks[picks.length - 1];
    if (last && last.lot === l.lot) last.qty += q;
    else picks.push(l.lot === undefined ? { qty: q } : { lot: l.lot, qty: q });
  }
  return picks;
}

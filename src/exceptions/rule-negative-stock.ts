import type { ExceptionFacts } from './exception-facts.ts';
import type { Finding } from './exception-types.ts';
import { enc } from './rule-helpers.ts';

/** A position below zero, or holding more (or less than zero) in reservations than it has: always critical. */
export function negativeStock(facts: ExceptionFacts): Finding[] {
  return facts.impossible.map((p) => {
    const what = p.qty < 0 ? `negative stock ${p.qty}` : p.held < 0 ? `negative holds ${p.held}` : `${p.held} held of ${p.qty}`;
    return {
      type: 'negative_stock',
      severity: 'critical',
      warehouse: p.warehouse,
      sku: p.sku,
      subject: `${p.lot}/${p.status}`,
      title: `Impossible stock on ${p.sku} at ${p.warehouse}: ${what}`,
      message: `Position ${p.warehouse} × ${p.sku} × lot "${p.lot}" × ${p.status} has qty ${p.qty} and ${p.held} held; rebuild or verify the ledger.`,
      evidence: {
        href: `/api/inventory?warehouse=${enc(p.warehouse)}&sku=${enc(p.sku)}&includeZero=true`,
        facts: { lot: p.lot, status: p.status, qty: p.qty, held: p.held },
      },
    } satisfies Finding;
  });
}

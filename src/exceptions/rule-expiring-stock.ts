import type { ExceptionFacts } from './exception-facts.ts';
import type { Finding } from './exception-types.ts';
import { daysUntil, enc } from './rule-helpers.ts';
import type { RulesConfig } from './rules-config.ts';

/**
 * A lot in stock that expires within `expiringDays`, or has less shelf life left than its SKU's
 * minimum to ship: expired = critical, under 7 days = high, below the minimum shelf life = medium,
 * otherwise low.
 */
export function expiringStock(facts: ExceptionFacts, now: Date, cfg: RulesConfig): Finding[] {
  const out: Finding[] = [];
  for (const l of facts.lots) {
    if (l.expiry === null || l.qty <= 0) continue;
    const left = daysUntil(l.expiry, now);
    const belowShelfLife = left < l.minShelfLifeDays;
    if (left > cfg.expiringDays && !belowShelfLife) continue;
    const severity = left < 0 ? 'critical' : left < 7 ? 'high' : belowShelfLife ? 'medium' : 'low';
    out.push({
      type: 'expiring_stock',
      severity,
      warehouse: l.warehouse,
      sku: l.sku,
      subject: l.lot,
      title: left < 0 ? `${l.qty} × ${l.sku} lot ${l.lot} expired at ${l.warehouse}` : `${l.qty} × ${l.sku} lot ${l.lot} expires in ${left} days at ${l.warehouse}`,
      message: `Lot ${l.lot} of ${l.sku} (${l.qty} units) expires ${l.expiry}: ${left} days left; the SKU needs ${l.minShelfLifeDays} days to ship, the alert threshold is ${cfg.expiringDays}.`,
      evidence: {
        href: `/api/inventory?warehouse=${enc(l.warehouse)}&sku=${enc(l.sku)}`,
        facts: { lot: l.lot, qty: l.qty, expiry: l.expiry, daysLeft: left, minShelfLifeDays: l.minShelfLifeDays },
      },
    });
  }
  return out;
}

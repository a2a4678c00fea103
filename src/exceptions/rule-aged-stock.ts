import type { ExceptionFacts } from './exception-facts.ts';
import type { Finding } from './exception-types.ts';
import { daysSince, enc } from './rule-helpers.ts';
import type { RulesConfig } from './rules-config.ts';

/** A lot in stock longer than `agedDays` since its first receipt: low, medium from twice that. */
export function agedStock(facts: ExceptionFacts, now: Date, cfg: RulesConfig): Finding[] {
  const out: Finding[] = [];
  for (const l of facts.lots) {
    if (l.receivedAt === null || l.qty <= 0) continue;
    const age = daysSince(l.receivedAt, now);
    if (age < cfg.agedDays) continue;
    out.push({
      type: 'aged_stock',
      severity: age >= 2 * cfg.agedDays ? 'medium' : 'low',
      warehouse: l.warehouse,
      sku: l.sku,
      subject: l.lot,
      title: `${l.qty} × ${l.sku}${l.lot ? ` lot ${l.lot}` : ''} aged ${age} days at ${l.warehouse}`,
      message: `${l.qty} units received ${l.receivedAt} have been in stock ${age} days (threshold ${cfg.agedDays}).`,
      evidence: { href: `/api/inventory?warehouse=${enc(l.warehouse)}&sku=${enc(l.sku)}`, facts: { lot: l.lot, qty: l.qty, receivedAt: l.receivedAt, ageDays: age } },
    });
  }
  return out;
}

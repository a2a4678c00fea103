import type { ExceptionFacts } from './exception-facts.ts';
import type { Finding } from './exception-types.ts';
import { enc, round } from './rule-helpers.ts';
import type { RulesConfig } from './rules-config.ts';

/**
 * An order with a promise, not fully shipped, whose promised time minus now is below the lead time:
 * high, critical once the promise has passed (or when nothing is held for it and less than half
 * the lead time is left). The warehouse is the first one holding stock for it (none: null).
 */
export function orderAtRisk(facts: ExceptionFacts, now: Date, cfg: RulesConfig): Finding[] {
  const out: Finding[] = [];
  for (const o of facts.openOrders) {
    if (o.promisedHours === null) continue;
    const promisedAt = Date.parse(o.createdAt) + o.promisedHours * 3_600_000;
    const leftHours = (promisedAt - now.getTime()) / 3_600_000;
    if (leftHours >= cfg.orderLeadTimeHours) continue;
    const missed = leftHours < 0;
    const nothingHeld = o.warehouses.length === 0;
    const promise = new Date(promisedAt).toISOString();
    out.push({
      type: 'order_at_risk',
      severity: missed || (nothingHeld && leftHours < cfg.orderLeadTimeHours / 2) ? 'critical' : 'high',
      warehouse: o.warehouses[0] ?? null,
      sku: null,
      subject: o.id,
      title: missed ? `Order ${o.id} missed its promise` : `Order ${o.id} at risk: ${round(leftHours)} h to its promise`,
      message: `Order ${o.id} (${o.state}) was promised by ${promise}; ${o.unitsShipped} of ${o.unitsOrdered} units shipped, ${round(leftHours)} h left against a lead time of ${cfg.orderLeadTimeHours} h.`,
      evidence: {
        href: `/api/orders/${enc(o.id)}`,
        facts: { order: o.id, state: o.state, promisedAt: promise, hoursLeft: round(leftHours), unitsOrdered: o.unitsOrdered, unitsShipped: o.unitsShipped },
      },
    });
  }
  return out;
}

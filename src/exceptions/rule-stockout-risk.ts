import type { ExceptionFacts } from './exception-facts.ts';
import type { Finding } from './exception-types.ts';
import { enc, round } from './rule-helpers.ts';
import type { RulesConfig } from './rules-config.ts';

/**
 * Days of cover = ATP ÷ (units shipped over the demand window ÷ window days), for every warehouse ×
 * SKU that shipped anything in the window. Below `coverDaysThreshold`: medium; below 2 days: high;
 * no ATP left: critical.
 */
export function stockoutRisk(facts: ExceptionFacts, cfg: RulesConfig): Finding[] {
  const out: Finding[] = [];
  for (const d of facts.demand) {
    if (d.outboundUnits <= 0) continue;
    const perDay = d.outboundUnits / cfg.demandWindowDays;
    const cover = Math.max(0, d.atp) / perDay;
    if (cover >= cfg.coverDaysThreshold) continue;
    out.push({
      type: 'stockout_risk',
      severity: d.atp <= 0 ? 'critical' : cover < 2 ? 'high' : 'medium',
      warehouse: d.warehouse,
      sku: d.sku,
      subject: 'cover',
      title: d.atp <= 0 ? `${d.sku} out of stock at ${d.warehouse}` : `${d.sku} at ${d.warehouse}: ${round(cover)} days of cover`,
      message: `ATP ${d.atp} against ${round(perDay, 2)} units/day shipped over the last ${cfg.demandWindowDays} days: ${round(cover)} days of cover (threshold ${cfg.coverDaysThreshold}).`,
      evidence: {
        href: `/api/inventory/atp?sku=${enc(d.sku)}&warehouse=${enc(d.warehouse)}`,
        facts: { atp: d.atp, outboundUnits: d.outboundUnits, windowDays: cfg.demandWindowDays, unitsPerDay: round(perDay, 2), daysOfCover: round(cover) },
      },
    });
  }
  return out;
}

import type { ExceptionFacts } from './exception-facts.ts';
import type { Finding } from './exception-types.ts';
import { minutesSince, onlyWarehouse } from './rule-helpers.ts';
import type { RulesConfig } from './rules-config.ts';

/**
 * A source that reported before and has sent nothing for `silentAfterMinutes`: medium, high at
 * four times the threshold. A source that never reported is not silent (it may not be live yet).
 */
export function sourceSilent(facts: ExceptionFacts, now: Date, cfg: RulesConfig): Finding[] {
  const out: Finding[] = [];
  for (const s of facts.sources) {
    if (s.lastEventAt === null) continue;
    const silent = minutesSince(s.lastEventAt, now);
    if (silent < cfg.silentAfterMinutes) continue;
    out.push({
      type: 'source_silent',
      severity: silent >= 4 * cfg.silentAfterMinutes ? 'high' : 'medium',
      warehouse: onlyWarehouse(s.warehouses),
      sku: null,
      subject: s.id,
      title: `Source ${s.id} silent for ${silent} min`,
      message: `Source ${s.id} (${s.warehouses.join(', ') || 'no warehouse'}) has sent no event since ${s.lastEventAt} (${silent} min; threshold ${cfg.silentAfterMinutes} min).`,
      evidence: { href: '/api/sources', facts: { source: s.id, lastEventAt: s.lastEventAt, silentMinutes: silent, thresholdMinutes: cfg.silentAfterMinutes } },
    });
  }
  return out;
}

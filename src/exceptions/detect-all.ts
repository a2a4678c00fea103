import type { ExceptionFacts } from './exception-facts.ts';
import { type Finding, fingerprintOf, severityRank } from './exception-types.ts';
import { agedStock } from './rule-aged-stock.ts';
import { deadLetters } from './rule-dead-letters.ts';
import { expiringStock } from './rule-expiring-stock.ts';
import { mdmConflict } from './rule-mdm-conflict.ts';
import { negativeStock } from './rule-negative-stock.ts';
import { orderAtRisk } from './rule-order-at-risk.ts';
import { sequenceGap } from './rule-sequence-gap.ts';
import { snapshotDrift } from './rule-snapshot-drift.ts';
import { sourceSilent } from './rule-source-silent.ts';
import { stockoutRisk } from './rule-stockout-risk.ts';
import type { RulesConfig } from './rules-config.ts';

/**
 * Runs every rule over one snapshot of facts. Pure. Two findings with one fingerprint (the same
 * problem seen twice in one sweep) become one, the more severe.
 */
export function detectAll(facts: ExceptionFacts, now: Date, cfg: RulesConfig): Finding[] {
  const all = [
    ...sourceSilent(facts, now, cfg),
    ...sequenceGap(facts, now),
    ...snapshotDrift(facts),
    ...negativeStock(facts),
    ...deadLetters(facts, now),
    ...orderAtRisk(facts, now, cfg),
    ...stockoutRisk(facts, cfg),
    ...agedStock(facts, now, cfg),
    ...expiringStock(facts, now, cfg),
    ...mdmConflict(facts),
  ];
  const byFp = new Map<string, Finding>();
  for (const f of all) {
    const fp = fingerprintOf(f);
    const seen = byFp.get(fp);
    if (!seen || severityRank(f.severity) > severityRank(seen.severity)) byFp.set(fp, f);
  }
  return [...byFp.values()];
}

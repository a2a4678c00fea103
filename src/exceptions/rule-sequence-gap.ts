import type { ExceptionFacts } from './exception-facts.ts';
import type { Finding } from './exception-types.ts';
import { enc, minutesSince, onlyWarehouse } from './rule-helpers.ts';

/** Every open sequence gap: medium for its first hour, high afterwards (the books may be missing movements). */
export function sequenceGap(facts: ExceptionFacts, now: Date): Finding[] {
  return facts.openGaps.map((g) => {
    const missing = g.toSeq - g.fromSeq + 1;
    const range = g.fromSeq === g.toSeq ? `${g.fromSeq}` : `${g.fromSeq}–${g.toSeq}`;
    return {
      type: 'sequence_gap',
      severity: minutesSince(g.detectedAt, now) >= 60 ? 'high' : 'medium',
      warehouse: onlyWarehouse(g.sourceWarehouses),
      sku: null,
      subject: `${g.source}:${g.fromSeq}-${g.toSeq}`,
      title: `Sequence gap ${range} open on source ${g.source}`,
      message: `Source ${g.source} skipped sequence ${range} (${missing} missing, ${g.filled} arrived late) since ${g.detectedAt}.`,
      evidence: {
        href: `/api/gaps?source=${enc(g.source)}&open=true`,
        facts: { source: g.source, gapId: g.id, fromSeq: g.fromSeq, toSeq: g.toSeq, missing, filled: g.filled },
      },
    } satisfies Finding;
  });
}

import type { ExceptionFacts } from './exception-facts.ts';
import type { Finding } from './exception-types.ts';
import { enc, minutesSince, onlyWarehouse } from './rule-helpers.ts';

/** Pending dead letters of one source: medium; high from 10 waiting or when the oldest waits a day. */
export function deadLetters(facts: ExceptionFacts, now: Date): Finding[] {
  return facts.deadLetters
    .filter((d) => d.pending > 0)
    .map((d) => {
      const source = d.source ?? 'unknown';
      const ageMin = minutesSince(d.oldestAt, now);
      return {
        type: 'dead_letters',
        severity: d.pending >= 10 || ageMin >= 24 * 60 ? 'high' : 'medium',
        warehouse: onlyWarehouse(d.sourceWarehouses),
        sku: null,
        subject: source,
        title: `${d.pending} dead letter${d.pending === 1 ? '' : 's'} waiting from ${source}`,
        message: `${d.pending} refused input${d.pending === 1 ? '' : 's'} from ${source} wait for a fix and replay (${d.codes.join(', ')}); the oldest since ${d.oldestAt}.`,
        evidence: {
          href: d.source === null ? '/api/dead-letters?state=pending' : `/api/dead-letters?state=pending&source=${enc(d.source)}`,
          facts: { source: d.source, pending: d.pending, oldestAt: d.oldestAt, codes: d.codes.join(',') },
        },
      } satisfies Finding;
    });
}

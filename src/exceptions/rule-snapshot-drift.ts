import type { ExceptionFacts } from './exception-facts.ts';
import type { Finding } from './exception-types.ts';
import { enc } from './rule-helpers.ts';

/**
 * Every drift line of a warehouse's latest snapshot: high when the difference is at least 10 % of
 * the larger of the two counts, else low. A later snapshot without that difference clears it.
 */
export function snapshotDrift(facts: ExceptionFacts): Finding[] {
  return facts.drift.map((d) => {
    const base = Math.max(Math.abs(d.ledgerQty), Math.abs(d.countedQty), 1);
    const share = Math.abs(d.delta) / base;
    const lot = d.lot === '' ? '' : ` lot ${d.lot}`;
    return {
      type: 'snapshot_drift',
      severity: share >= 0.1 ? 'high' : 'low',
      warehouse: d.warehouse,
      sku: d.sku,
      subject: `${d.lot}/${d.status}`,
      title: `Snapshot drift ${d.delta > 0 ? '+' : ''}${d.delta} on ${d.sku}${lot} at ${d.warehouse}`,
      message: `Snapshot ${d.snapshotId} (taken ${d.takenAt}) counted ${d.countedQty} ${d.status} where the ledger had ${d.ledgerQty}: adjusted by ${d.delta}.`,
      evidence: {
        href: `/api/drift?warehouse=${enc(d.warehouse)}&sku=${enc(d.sku)}`,
        facts: { snapshotId: d.snapshotId, lot: d.lot, status: d.status, ledgerQty: d.ledgerQty, countedQty: d.countedQty, delta: d.delta },
      },
    } satisfies Finding;
  });
}

import type { CanonicalStatus, Problem } from '../domain/index.ts';
import { problem } from '../domain/index.ts';
import type { MasterDataSource } from '../mdm/index.ts';
import type { Store } from '../store/index.ts';
import { loadBatchState } from './batch-state.ts';
import { decideBatch, type Prepared } from './decide-batch.ts';
import { lockLedgerHead } from './lock-ledger.ts';
import { mapSnapshot, reconcile, snapshotSchema } from './reconcile.ts';
import { recordDeadLetters, writeBatch } from './write-batch.ts';
import { supersedeDeadLetters } from './supersede-dead-letters.ts';

export type SnapshotResult =
  | {
      readonly outcome: 'reconciled' | 'duplicate';
      readonly snapshotId: string;
      readonly lines: number;
      /** Adjusting events written (one per position that drifted). */
      readonly adjustments: number;
      readonly gapsClosed: number;
      /** Pending dead letters of this source and warehouse from before the listing: it counted them. */
      readonly deadLettersSuperseded?: number;
    }
  | { readonly outcome: 'rejected'; readonly snapshotId: string | null; readonly problems: readonly Problem[] };

/**
 * Reconciles a snapshot against the ledger in one transaction: the drift becomes adjusting
 * events (through the same decide/write path as any event, so it is hash-chained) plus drift
 * records naming ledger vs counted quantity; the source's open sequence gaps are closed, since
 * the snapshot re-established its books. A malformed or unmappable snapshot changes nothing and
 * is kept as a dead letter.
 */
export async function ingestSnapshot(
  store: Store,
  masterData: MasterDataSource,
  raw: unknown,
  opts: { now?: () => Date; location?: string } = {},
): Promise<SnapshotResult> {
  const at = (opts.now?.() ?? new Date()).toISOString();
  const payload = JSON.stringify(raw);
  const parsed = snapshotSchema.safeParse(raw);
  const rawObj = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const reject = async (problems: Problem[], id: string | null, source: string | null): Promise<SnapshotResult> => {
    await store.db.transaction().execute((tx) =>
      recordDeadLetters(tx, [{ eventId: id, source, payload, problems, location: opts.location }], at, 'snapshot'),
    );
    return { outcome: 'rejected', snapshotId: id, problems };
  };
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => problem('MALFORMED_SNAPSHOT', i.message, i.path.join('.') || '(snapshot)'));
    return reject(problems, typeof rawObj.id === 'string' ? rawObj.id : null, typeof rawObj.source === 'string' ? rawObj.source : null);
  }
  const s = parsed.data;
  let md = await masterData.current();
  let mapped = mapSnapshot(s, md);
  if (!mapped.ok) {
    md = await masterData.refresh(1000);
    mapped = mapSnapshot(s, md);
  }
  if (!mapped.ok) return reject(mapped.problems, s.id, s.source);
  const counted = mapped.lines;

  return store.db.transaction().execute(async (tx) => {
    // Take the ledger lock first so no event slips between reading positions and adjusting them.
    await lockLedgerHead(tx, store.dialect);
    const prior = await tx.selectFrom('snapshots').selectAll().where('id', '=', s.id).executeTakeFirst();
    if (prior) return { outcome: 'duplicate', snapshotId: s.id, lines: prior.lines, adjustments: prior.drift_lines, gapsClosed: 0, deadLettersSuperseded: 0 };

    const ledger = await tx
      .selectFrom('positions')
      .select(['sku_id', 'lot', 'status', 'qty'])
      .where('warehouse_id', '=', s.warehouse)
      .execute();
    const adjustments = reconcile(
      s,
      counted,
      ledger.map((p) => ({ sku: p.sku_id, lot: p.lot, status: p.status as CanonicalStatus, qty: p.qty })),
    );
    const prepared: Prepared[] = adjustments.map((event) => ({ ok: true, event, payload: JSON.stringify(event) }));
    const state = await loadBatchState(tx, store.dialect, prepared);
    const decision = decideBatch(state, prepared, at);
    const refused = decision.results.filter((r) => r.outcome === 'rejected');
    if (refused.length > 0) throw new Error(`snapshot ${s.id}: adjusting events refused: ${JSON.stringify(refused)}`);
    await writeBatch(tx, decision, at);

    const ledgerQty = new Map(ledger.map((p) => [`${p.sku_id}\u0000${p.lot}\u0000${p.status}`, p.qty]));
    if (adjustments.length > 0) {
      await tx
        .insertInto('drift')
        .values(
          adjustments.map((e) => {
            const status = (e.fromStatus ?? e.toStatus) as string;
            const before = ledgerQty.get(`${e.sku}\u0000${e.lot}\u0000${status}`) ?? 0;
            const delta = e.toStatus ? e.quantity : -e.quantity;
            return {
              snapshot_id: s.id,
              warehouse_id: s.warehouse,
              sku_id: e.sku,
              lot: e.lot,
              status,
              ledger_qty: before,
              counted_qty: before + delta,
              delta,
              event_id: e.id,
            };
          }),
        )
        .execute();
    }
    await tx
      .insertInto('snapshots')
      .values({
        id: s.id,
        source: s.source,
        warehouse_id: s.warehouse,
        taken_at: s.takenAt,
        received_at: at,
        lines: s.lines.length,
        drift_lines: adjustments.length,
      })
      .execute();
    // Sequences are per source: a snapshot settles the source's gaps only when it covers all it reports.
    const coversSource = md.source(s.source)?.warehouses.every((w) => w === s.warehouse) ?? false;
    const closed = coversSource
      ? await tx
          .updateTable('sequence_gaps')
          .set({ closed_at: at, closed_by: `snapshot:${s.id}` })
          .where('source', '=', s.source)
          .where('closed_at', 'is', null)
          .executeTakeFirst()
      : { numUpdatedRows: 0n };
    const superseded = await supersedeDeadLetters(tx, s.source, s.warehouse, s.takenAt, at, s.id);
    return {
      outcome: 'reconciled',
      snapshotId: s.id,
      lines: s.lines.length,
      adjustments: adjustments.length,
      gapsClosed: Number(closed.numUpdatedRows),
      deadLettersSuperseded: superseded,
    };
  });
}

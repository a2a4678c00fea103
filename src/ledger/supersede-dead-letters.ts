import type { Transaction } from 'kysely';
import type { Database } from '../store/index.ts';

/**
 * A reconciled snapshot already counts every movement of its source and warehouse that happened
 * before it was taken. A pending dead letter of such a movement (say, a pick refused as
 * STOCK_NEGATIVE because it arrived before its receipt) must therefore never be replayed later:
 * it would count twice. Such dead letters are marked `superseded`, naming the snapshot — kept,
 * never replayed. Returns how many.
 */
export async function supersedeDeadLetters(
  tx: Transaction<Database>,
  source: string,
  warehouse: string,
  takenAt: string,
  at: string,
  snapshotId: string,
): Promise<number> {
  const pending = await tx
    .selectFrom('dead_letters')
    .select(['id', 'payload'])
    .where('kind', '=', 'event')
    .where('source', '=', source)
    .where('state', '=', 'pending')
    .execute();
  const cutoff = Date.parse(takenAt);
  const ids = pending
    .filter((d) => {
      const e = parse(d.payload);
      const occurred = typeof e?.occurredAt === 'string' ? Date.parse(e.occurredAt) : Number.NaN;
      return e?.warehouse === warehouse && occurred <= cutoff;
    })
    .map((d) => d.id);
  for (let i = 0; i < ids.length; i += 1000) {
    await tx
      .updateTable('dead_letters')
      .set({ state: 'superseded', resolved_at: at, reason: `superseded by snapshot ${snapshotId}, which counted it` })
      .where('id', 'in', ids.slice(i, i + 1000))
      .execute();
  }
  return ids.length;
}

function parse(payload: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(payload);
    return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

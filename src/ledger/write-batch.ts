import { createHash } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../store/index.ts';
import type { BatchDecision, Rejection } from './decide-batch.ts';
import { gapClosed } from './sequence-tracker.ts';

type Tx = Transaction<Database>;

// Rows per multi-row statement: keeps bound parameters under SQLite's 32,766 and PostgreSQL's 65,535.
const EVENT_ROWS = 1000;
const POSITION_ROWS = 2000;

function chunked<T>(xs: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/** Dead letters are keyed by (source, event id) when the event has an id, else by payload. */
export function deadLetterId(r: Pick<Rejection, 'eventId' | 'source' | 'payload'>, kind = 'event'): string {
  const basis = r.eventId !== null ? `${kind}\u0000${r.source ?? ''}\u0000${r.eventId}` : `${kind}\u0000${r.payload}`;
  return 'dl_' + createHash('sha256').update(basis).digest('hex').slice(0, 32);
}

/** Persists one decided batch: ledger rows, position deltas, head, cursors, gaps, dead letters. */
export async function writeBatch(tx: Tx, d: BatchDecision, receivedAt: string): Promise<void> {
  for (const part of chunked(d.appended, EVENT_ROWS)) {
    await tx
      .insertInto('events')
      .values(
        part.map((e) => ({
          chain_seq: e.chainSeq,
          id: e.id,
          source: e.source,
          source_seq: e.sourceSeq,
          occurred_at: e.occurredAt,
          received_at: e.receivedAt,
          warehouse_id: e.warehouse,
          sku_id: e.sku,
          lot: e.lot,
          expiry: e.expiry,
          quantity: e.quantity,
          from_status: e.fromStatus,
          to_status: e.toStatus,
          reason: e.reason,
          order_ref: e.orderRef,
          transfer_ref: e.transferRef,
          ext_sku: e.external.sku,
          ext_unit: e.external.unit,
          ext_quantity: e.external.quantity,
          prev_hash: e.prevHash,
          hash: e.hash,
        })),
      )
      .execute();
  }

  const deltas = [...d.deltas.values()].filter((x) => x.delta !== 0 || x.expiry !== null);
  for (const part of chunked(deltas, POSITION_ROWS)) {
    await tx
      .insertInto('positions')
      .values(part.map((x) => ({ warehouse_id: x.warehouse, sku_id: x.sku, lot: x.lot, status: x.status, qty: x.delta, held: 0, expiry: x.expiry })))
      .onConflict((oc) =>
        oc.columns(['sku_id', 'warehouse_id', 'lot', 'status']).doUpdateSet((eb) => ({
          qty: eb('positions.qty', '+', eb.ref('excluded.qty')),
          expiry: eb.fn.coalesce('positions.expiry', 'excluded.expiry'),
        })),
      )
      .execute();
  }

  if (d.appended.length > 0) {
    await tx.updateTable('ledger_head').set({ chain_seq: d.head.chainSeq, hash: d.head.hash }).where('id', '=', 1).execute();
    await upsertCursors(tx, d, receivedAt);
    // A dead letter whose event has now been applied (fixed and re-sent) is resolved.
    for (const part of chunked(d.appended.map((e) => e.id), EVENT_ROWS)) {
      await tx
        .updateTable('dead_letters')
        .set({ state: 'resolved', resolved_at: receivedAt })
        .where('event_id', 'in', part)
        .where('state', '=', 'pending')
        .execute();
    }
  }

  for (const g of d.gaps) {
    const closed = gapClosed(g);
    if (g.isNew) {
      await tx
        .insertInto('sequence_gaps')
        .values({
          id: g.id,
          source: g.source,
          from_seq: g.fromSeq,
          to_seq: g.toSeq,
          filled: g.filled,
          detected_at: receivedAt,
          closed_at: closed ? receivedAt : null,
          closed_by: closed ? 'filled' : null,
        })
        .execute();
    } else {
      await tx
        .updateTable('sequence_gaps')
        .set({ filled: g.filled, closed_at: closed ? receivedAt : null, closed_by: closed ? 'filled' : null })
        .where('id', '=', g.id)
        .execute();
    }
  }

  await recordDeadLetters(tx, d.rejections, receivedAt);
}

async function upsertCursors(tx: Tx, d: BatchDecision, at: string): Promise<void> {
  const bySource = new Map<string, { max: number | null; n: number }>();
  for (const e of d.appended) {
    const c = bySource.get(e.source) ?? { max: null, n: 0 };
    c.n += 1;
    if (e.sourceSeq !== null) c.max = c.max === null ? e.sourceSeq : Math.max(c.max, e.sourceSeq);
    bySource.set(e.source, c);
  }
  for (const [source, c] of bySource) {
    await tx
      .insertInto('source_cursors')
      .values({ source, max_seq: c.max, events_total: c.n, last_event_at: at })
      .onConflict((oc) =>
        oc.column('source').doUpdateSet((eb) => ({
          max_seq: sql<number | null>`case when source_cursors.max_seq is null or excluded.max_seq > source_cursors.max_seq
            then coalesce(excluded.max_seq, source_cursors.max_seq) else source_cursors.max_seq end`,
          events_total: eb('source_cursors.events_total', '+', eb.ref('excluded.events_total')),
          last_event_at: eb.ref('excluded.last_event_at'),
        })),
      )
      .execute();
  }
}

/** Keeps every rejected input so it can be fixed and replayed; a repeat bumps its attempt count. */
export async function recordDeadLetters(tx: Tx, rejections: readonly Rejection[], at: string, kind = 'event'): Promise<void> {
  for (const r of rejections) {
    const first = r.problems[0];
    const reason = r.problems.map((p) => `${p.where ? p.where + ': ' : ''}${p.message}`).join('; ');
    await tx
      .insertInto('dead_letters')
      .values({
        id: deadLetterId(r, kind),
        event_id: r.eventId,
        source: r.source,
        kind,
        payload: r.payload,
        code: first?.code ?? 'MALFORMED_EVENT',
        reason,
        location: r.location ?? null,
        first_seen_at: at,
        last_seen_at: at,
        attempts: 1,
        state: 'pending',
        resolved_at: null,
      })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          payload: eb.ref('excluded.payload'),
          code: eb.ref('excluded.code'),
          reason: eb.ref('excluded.reason'),
          location: eb.ref('excluded.location'),
          last_seen_at: eb.ref('excluded.last_seen_at'),
          attempts: eb('dead_letters.attempts', '+', 1),
          state: 'pending',
          resolved_at: null,
        })),
      )
      .execute();
  }
}

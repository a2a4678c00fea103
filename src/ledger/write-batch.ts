import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../store/index.ts';
import type { BatchDecision, Rejection } from './decide-batch.ts';
import { type CursorTotal, insertEvents, isPostgres, upsertCursors, upsertPositions } from './ledger-rows.ts';
import { gapClosed } from './sequence-tracker.ts';

type Tx = Transaction<Database>;

// Ids per `in (…)` list: keeps bound parameters under SQLite's 32,766 and PostgreSQL's 65,535.
const EVENT_ROWS = 1000;

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

/**
 * Persists one decided batch: ledger rows, position deltas, head, cursors, gaps, dead letters.
 * The bulk rows go in the way each database takes them fastest (see ledger-rows.ts): on SQLite one
 * prepared statement run for every row in a single call, on PostgreSQL whole columns as arrays
 * through `unnest` (one round trip per table, however many rows).
 */
export async function writeBatch(tx: Tx, d: BatchDecision, receivedAt: string): Promise<void> {
  const pg = isPostgres(tx);
  await insertEvents(tx, pg, d.appended);
  await upsertPositions(tx, pg, [...d.deltas.values()].filter((x) => x.delta !== 0 || x.expiry !== null));

  if (d.appended.length > 0) {
    await tx.updateTable('ledger_head').set({ chain_seq: d.head.chainSeq, hash: d.head.hash }).where('id', '=', 1).execute();
    await upsertCursors(tx, pg, cursorTotals(d), receivedAt);
    // A dead letter whose event has now been applied (fixed and re-sent) is resolved. Most batches
    // find none pending at all: one indexed probe settles that before the per-id update.
    if (await anyPendingDeadLetter(tx)) {
      for (const part of chunked(d.appended.map((e) => e.id), EVENT_ROWS)) {
        await tx
          .updateTable('dead_letters')
          .set({ state: 'resolved', resolved_at: receivedAt })
          .where('event_id', 'in', part)
          .where('state', '=', 'pending')
          .execute();
      }
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

async function anyPendingDeadLetter(tx: Tx): Promise<boolean> {
  const row = await tx.selectFrom('dead_letters').select('id').where('state', '=', 'pending').limit(1).executeTakeFirst();
  return row !== undefined;
}

function cursorTotals(d: BatchDecision): CursorTotal[] {
  const bySource = new Map<string, CursorTotal>();
  for (const e of d.appended) {
    let c = bySource.get(e.source);
    if (!c) bySource.set(e.source, (c = { source: e.source, max: null, n: 0 }));
    c.n += 1;
    if (e.sourceSeq !== null) c.max = c.max === null ? e.sourceSeq : Math.max(c.max, e.sourceSeq);
  }
  return [...bySource.values()];
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

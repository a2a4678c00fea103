import type { Kysely } from 'kysely';
import type { MasterDataSource } from '../mdm/index.ts';
import type { Database, Store } from '../store/index.ts';
import type { Ingestor } from './ingestor.ts';
import { ingestSnapshot } from './snapshot-service.ts';

export interface DeadLetter {
  readonly id: string;
  readonly kind: 'event' | 'snapshot';
  readonly eventId: string | null;
  readonly source: string | null;
  readonly code: string;
  readonly reason: string;
  readonly location: string | null;
  readonly payload: string;
  readonly attempts: number;
  readonly state: 'pending' | 'resolved' | 'superseded' | 'discarded';
  readonly firstSeenAt: string;
  readonly lastSeenAt: string;
}

export async function listDeadLetters(
  db: Kysely<Database>,
  f: { state?: string; source?: string; /** Only these sources (a caller's scope). */ sources?: readonly string[]; limit?: number; offset?: number } = {},
): Promise<DeadLetter[]> {
  let q = db.selectFrom('dead_letters').selectAll();
  if (f.state) q = q.where('state', '=', f.state);
  if (f.source) q = q.where('source', '=', f.source);
  if (f.sources) q = q.where('source', 'in', f.sources.length > 0 ? [...f.sources] : ['']);
  const rows = await q.orderBy('first_seen_at').orderBy('id').limit(f.limit ?? 1000).offset(f.offset ?? 0).execute();
  return rows.map(rowToDeadLetter);
}

/** One dead letter by id. */
export async function findDeadLetter(db: Kysely<Database>, id: string): Promise<DeadLetter | undefined> {
  const r = await db.selectFrom('dead_letters').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? rowToDeadLetter(r) : undefined;
}

/**
 * Marks a pending dead letter discarded (it will never be replayed). Returns false when it was
 * not pending (already resolved, superseded or discarded): nothing changes then.
 */
export async function discardDeadLetter(db: Kysely<Database>, id: string, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('dead_letters')
    .set({ state: 'discarded', resolved_at: now.toISOString() })
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

function rowToDeadLetter(r: Database['dead_letters']): DeadLetter {
  return {
    id: r.id,
    kind: r.kind as DeadLetter['kind'],
    eventId: r.event_id,
    source: r.source,
    code: r.code,
    reason: r.reason,
    location: r.location,
    payload: r.payload,
    attempts: r.attempts,
    state: r.state as DeadLetter['state'],
    firstSeenAt: r.first_seen_at,
    lastSeenAt: r.last_seen_at,
  };
}

export interface ReplayReport {
  readonly tried: number;
  readonly resolved: number;
  readonly stillFailing: number;
}

/**
 * Feeds pending dead letters (all, or those of `ids`) through the normal ingest path again (after master data was fixed).
 * What now applies, or turns out to be already recorded, is marked resolved; what still fails
 * stays pending with its new reason and one more attempt counted.
 */
export async function replayDeadLetters(
  store: Store,
  ingestor: Ingestor,
  masterData: MasterDataSource,
  opts: { onProgress?: (done: number, total: number) => void; now?: () => Date; ids?: readonly string[] } = {},
): Promise<ReplayReport> {
  await masterData.refresh();
  if (opts.ids?.length === 0) return { tried: 0, resolved: 0, stillFailing: 0 };
  let q = store.db.selectFrom('dead_letters').selectAll().where('state', '=', 'pending');
  if (opts.ids) q = q.where('id', 'in', [...opts.ids]);
  const pending = await q.orderBy('first_seen_at').orderBy('id').execute();
  let resolved = 0;
  const done: string[] = [];
  const events = pending.filter((d) => d.kind === 'event');
  for (let i = 0; i < events.length; i += 1000) {
    const part = events.slice(i, i + 1000);
    const results = await ingestor.ingest(part.map((d) => ({ raw: d.payload, location: d.location ?? undefined })));
    results.forEach((r, j) => {
      if (r.outcome !== 'rejected') done.push((part[j] as { id: string }).id);
    });
    opts.onProgress?.(Math.min(i + 1000, events.length), pending.length);
  }
  for (const d of pending.filter((x) => x.kind === 'snapshot')) {
    const r = await ingestSnapshot(store, masterData, JSON.parse(d.payload), {
      ...(opts.now ? { now: opts.now } : {}),
      ...(d.location ? { location: d.location } : {}),
    });
    if (r.outcome !== 'rejected') done.push(d.id);
  }
  const at = (opts.now?.() ?? new Date()).toISOString();
  for (let i = 0; i < done.length; i += 1000) {
    await store.db
      .updateTable('dead_letters')
      .set({ state: 'resolved', resolved_at: at })
      .where('id', 'in', done.slice(i, i + 1000))
      .where('state', '=', 'pending')
      .execute();
  }
  resolved = done.length;
  return { tried: pending.length, resolved, stillFailing: pending.length - resolved };
}

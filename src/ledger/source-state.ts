import type { Kysely } from 'kysely';
import type { Database } from '../store/index.ts';

export interface SourceState {
  readonly source: string;
  readonly maxSeq: number | null;
  readonly eventsTotal: number;
  readonly lastEventAt: string;
  readonly openGaps: number;
}

export interface SequenceGap {
  readonly id: string;
  readonly source: string;
  readonly fromSeq: number;
  readonly toSeq: number;
  readonly filled: number;
  readonly detectedAt: string;
  readonly closedAt: string | null;
  readonly closedBy: string | null;
}

/** Each source's cursor: highest sequence, events applied, last event time, open gaps. */
export async function listSourceStates(db: Kysely<Database>): Promise<SourceState[]> {
  const [cursors, gaps] = await Promise.all([
    db.selectFrom('source_cursors').selectAll().orderBy('source').execute(),
    db
      .selectFrom('sequence_gaps')
      .select((eb) => ['source', eb.fn.countAll<number>().as('n')])
      .where('closed_at', 'is', null)
      .groupBy('source')
      .execute(),
  ]);
  const open = new Map(gaps.map((g) => [g.source, Number(g.n)]));
  return cursors.map((c) => ({
    source: c.source,
    maxSeq: c.max_seq,
    eventsTotal: c.events_total,
    lastEventAt: c.last_event_at,
    openGaps: open.get(c.source) ?? 0,
  }));
}

export async function listGaps(db: Kysely<Database>, f: { source?: string; open?: boolean } = {}): Promise<SequenceGap[]> {
  let q = db.selectFrom('sequence_gaps').selectAll();
  if (f.source) q = q.where('source', '=', f.source);
  if (f.open) q = q.where('closed_at', 'is', null);
  const rows = await q.orderBy('source').orderBy('from_seq').execute();
  return rows.map((g) => ({
    id: g.id,
    source: g.source,
    fromSeq: g.from_seq,
    toSeq: g.to_seq,
    filled: g.filled,
    detectedAt: g.detected_at,
    closedAt: g.closed_at,
    closedBy: g.closed_by,
  }));
}

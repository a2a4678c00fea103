import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.ts';

/** Where a pulling connector stands in one stream of its source. */
export interface CursorRecord {
  /** Opaque position as the source hands it out; null = from the beginning. */
  readonly cursor: string | null;
  /** Highest source sequence delivered so far (for gap detection across restarts). */
  readonly maxSeq: number | null;
  /** A sequence jump was seen and a snapshot resync is owed. */
  readonly resyncWanted: boolean;
}

export const START_OF_STREAM: CursorRecord = { cursor: null, maxSeq: null, resyncWanted: false };

/**
 * Cursor persistence. The contract: `commit` is called only after the sink durably accepted
 * everything before the cursor, so a restart resumes from the last commit and at worst delivers
 * the last batch again (harmless: event ids are stable). A commit is one row write.
 */
export interface CursorStore {
  load(source: string, stream: string): Promise<CursorRecord>;
  commit(source: string, stream: string, record: CursorRecord): Promise<void>;
}

/** The store-backed default (`connector_cursors`), on SQLite or PostgreSQL. */
export function storeCursors(db: Kysely<Database>, now: () => Date): CursorStore {
  return {
    async load(source, stream) {
      const r = await db
        .selectFrom('connector_cursors')
        .select(['cursor', 'max_seq', 'resync_wanted'])
        .where('source', '=', source)
        .where('stream', '=', stream)
        .executeTakeFirst();
      if (!r) return START_OF_STREAM;
      return { cursor: r.cursor, maxSeq: r.max_seq === null ? null : Number(r.max_seq), resyncWanted: r.resync_wanted === 1 };
    },
    async commit(source, stream, rec) {
      const values = {
        cursor: rec.cursor,
        max_seq: rec.maxSeq,
        resync_wanted: rec.resyncWanted ? 1 : 0,
        updated_at: now().toISOString(),
      };
      await db
        .insertInto('connector_cursors')
        .values({ source, stream, ...values })
        .onConflict((oc) => oc.columns(['source', 'stream']).doUpdateSet(values))
        .execute();
    },
  };
}

/** An in-memory cursor store, for pure tests and one-shot runs. */
export function memoryCursors(): CursorStore {
  const rows = new Map<string, CursorRecord>();
  return {
    load: async (source, stream) => rows.get(`${source}\u0000${stream}`) ?? START_OF_STREAM,
    commit: async (source, stream, rec) => void rows.set(`${source}\u0000${stream}`, rec),
  };
}

import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ErrorCode } from '../../domain/index.ts';
import type { Database } from '../../store/index.ts';
import type { Dialect } from '../connector.ts';

/**
 * A message refused at a connector's door, before it became an event: a webhook with a bad
 * signature, a malformed item of a REST page, an unreadable file. Kept with the payload (cut at
 * 64 KiB) so a person can see exactly what arrived. Mapping rejections (unknown SKU…) are not
 * here: they are the ledger's dead letters.
 */
export interface ConnectorRejection {
  readonly source: string;
  readonly dialect: Dialect;
  readonly code: ErrorCode;
  /** Short machine tag: `signature_mismatch`, `timestamp_outside_tolerance`, `malformed_item`… */
  readonly reason: string;
  readonly message: string;
  /** Where in the message: `items[3].qty`, `stock.csv:12`, a delivery id. */
  readonly location?: string | undefined;
  readonly payload?: string | undefined;
  /** The remote address, for pushes. */
  readonly remote?: string | undefined;
  readonly receivedAt: string;
}

export interface StoredRejection extends ConnectorRejection {
  readonly id: string;
}

export interface RejectionLog {
  record(rejection: ConnectorRejection): Promise<void>;
  list(filter?: { source?: string; limit?: number }): Promise<StoredRejection[]>;
}

export const MAX_PAYLOAD_CHARS = 64 * 1024;

/** Sortable, prefixed id: time, then a counter (order within one millisecond), then randomness. */
export function rejectionId(receivedAt: string, counter: number, random: (n: number) => Buffer = randomBytes): string {
  const t = Date.parse(receivedAt);
  const time = (Number.isNaN(t) ? 0 : t).toString(36).padStart(9, '0');
  return `rej_${time}${(counter % 36 ** 4).toString(36).padStart(4, '0')}${random(4).toString('hex')}`;
}

/** The store-backed default (`connector_rejections`). */
export function storeRejections(db: Kysely<Database>): RejectionLog {
  let counter = 0;
  return {
    async record(r) {
      await db
        .insertInto('connector_rejections')
        .values({
          id: rejectionId(r.receivedAt, counter++),
          source: r.source,
          dialect: r.dialect,
          code: r.code,
          reason: r.reason,
          message: r.message,
          location: r.location ?? null,
          payload: r.payload === undefined ? null : r.payload.slice(0, MAX_PAYLOAD_CHARS),
          remote: r.remote ?? null,
          received_at: r.receivedAt,
        })
        .execute();
    },
    async list(filter = {}) {
      let q = db.selectFrom('connector_rejections').selectAll();
      if (filter.source) q = q.where('source', '=', filter.source);
      const rows = await q.orderBy('id').limit(filter.limit ?? 1000).execute();
      return rows.map((r) => ({
        id: r.id,
        source: r.source,
        dialect: r.dialect as Dialect,
        code: r.code as ErrorCode,
        reason: r.reason,
        message: r.message,
        location: r.location ?? undefined,
        payload: r.payload ?? undefined,
        remote: r.remote ?? undefined,
        receivedAt: r.received_at,
      }));
    },
  };
}

/** An in-memory log, for pure tests. */
export function memoryRejections(): RejectionLog & { readonly all: readonly StoredRejection[] } {
  const all: StoredRejection[] = [];
  return {
    all,
    record: async (r) => void all.push({ ...r, id: rejectionId(r.receivedAt, all.length) }),
    list: async (f = {}) => all.filter((r) => !f.source || r.source === f.source).slice(0, f.limit ?? 1000),
  };
}

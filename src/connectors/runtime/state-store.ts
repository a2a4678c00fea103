import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.ts';
import type { ConnectorState, Dialect } from '../connector.ts';
import type { ConnectorHealth } from './state-tracker.ts';

/** Where connector health is kept so another process (the CLI) can show it. */
export interface ConnectorStateStore {
  save(health: ConnectorHealth): Promise<void>;
  list(): Promise<ConnectorHealth[]>;
}

/** The store-backed default: one row per source in `connector_states`. */
export function storeConnectorStates(db: Kysely<Database>, now: () => Date): ConnectorStateStore {
  return {
    async save(h) {
      const row = {
        source: h.source,
        dialect: h.dialect,
        state: h.state,
        cursor: h.cursor,
        last_message_at: h.lastMessageAt,
        last_occurred_at: h.lastOccurredAt,
        lag_ms: h.lagMs,
        messages: h.messages,
        errors: h.errors,
        last_error: h.lastError,
        updated_at: now().toISOString(),
      };
      const { source: _source, ...update } = row;
      await db
        .insertInto('connector_states')
        .values(row)
        .onConflict((oc) => oc.column('source').doUpdateSet(update))
        .execute();
    },
    async list() {
      const rows = await db.selectFrom('connector_states').selectAll().orderBy('source').execute();
      return rows.map((r) => ({
        source: r.source,
        dialect: r.dialect as Dialect,
        state: r.state as ConnectorState['state'],
        cursor: r.cursor,
        lastMessageAt: r.last_message_at,
        lastOccurredAt: r.last_occurred_at,
        lagMs: r.lag_ms === null ? null : Number(r.lag_ms),
        messages: Number(r.messages),
        errors: Number(r.errors),
        lastError: r.last_error,
        consecutiveFailures: 0,
        retryAt: null,
      }));
    },
  };
}

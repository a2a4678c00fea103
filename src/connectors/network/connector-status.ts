import type { Kysely } from 'kysely';
import type { SourceSystem } from '../../domain/index.ts';
import { listSourceStates } from '../../ledger/index.ts';
import type { Database } from '../../store/index.ts';
import type { ConnectorState } from '../connector.ts';
import { type ConnectorHealth, storeConnectorStates } from '../runtime/index.ts';

/** One source as `stockmesh connectors` and `GET /api/connectors` show it. */
export interface ConnectorStatus {
  readonly source: string;
  /** From master data (null for a source it does not list). */
  readonly name: string | null;
  readonly dialect: string | null;
  readonly warehouses: readonly string[];
  /** The connector's state; `none` when no connector has ever run for the source (CLI, API clients). */
  readonly state: ConnectorState['state'] | 'none';
  /** True when read from the running hub, false when from the last saved state. */
  readonly live: boolean;
  /** When the state was saved (null when live or never saved). */
  readonly savedAt: string | null;
  readonly lastMessageAt: string | null;
  /** Time from the newest message happening at the source to the hub accepting it, ms. */
  readonly lagMs: number | null;
  /** The connector's position in its source: a cursor, a file name, a delivery id. */
  readonly cursor: string | null;
  /** Highest source sequence the ledger applied (`source_cursors.max_seq`). */
  readonly sequence: number | null;
  /** Events of the source in the ledger. */
  readonly eventsApplied: number;
  /** Messages the connector handed on (events and snapshots). */
  readonly messages: number;
  readonly errors: number;
  readonly lastError: string | null;
  readonly openGaps: number;
  /** Events and snapshots of the source refused by the ledger, waiting for a fix and a replay. */
  readonly pendingDeadLetters: number;
  /** Messages refused at the connector's door (bad signature, malformed, quarantined file). */
  readonly rejections: number;
}

export interface StatusInput {
  readonly db: Kysely<Database>;
  /** Master data's source systems, so sources without a connector are listed too. */
  readonly sources?: readonly SourceSystem[] | undefined;
  /** Health from the running hub; without it, the states last saved in the store are shown. */
  readonly live?: readonly ConnectorHealth[] | undefined;
}

/**
 * Every source with its connector's state and the ledger's view of it, sorted by source. Works
 * on a stopped hub: it reads what the connectors last saved (`connector_states`), the ledger's
 * cursors and gaps, and the dead-letter and rejection counts.
 */
export async function listConnectorStatus(input: StatusInput): Promise<ConnectorStatus[]> {
  const { db } = input;
  const [saved, savedAt, ledger, dead, refused] = await Promise.all([
    storeConnectorStates(db, () => new Date()).list(),
    db.selectFrom('connector_states').select(['source', 'updated_at']).execute(),
    listSourceStates(db),
    db
      .selectFrom('dead_letters')
      .select((eb) => ['source', eb.fn.countAll<number>().as('n')])
      .where('state', '=', 'pending')
      .groupBy('source')
      .execute(),
    db
      .selectFrom('connector_rejections')
      .select((eb) => ['source', eb.fn.countAll<number>().as('n')])
      .groupBy('source')
      .execute(),
  ]);
  const live = new Map((input.live ?? []).map((h) => [h.source, h]));
  const stored = new Map(saved.map((h) => [h.source, h]));
  const savedTimes = new Map(savedAt.map((r) => [r.source, r.updated_at]));
  const cursors = new Map(ledger.map((s) => [s.source, s]));
  const count = (rows: readonly { source: string | null; n: number | string | bigint }[]) => new Map(rows.map((r) => [r.source ?? '', Number(r.n)]));
  const deadBy = count(dead);
  const refusedBy = count(refused);
  const md = new Map((input.sources ?? []).map((s) => [s.id, s]));
  const ids = new Set([...md.keys(), ...live.keys(), ...stored.keys(), ...cursors.keys()]);
  return [...ids].sort().map((source) => {
    const h = live.get(source) ?? stored.get(source);
    const m = md.get(source);
    const c = cursors.get(source);
    return {
      source,
      name: m?.name ?? null,
      dialect: h?.dialect ?? m?.dialect ?? null,
      warehouses: m?.warehouses ?? [],
      state: h?.state ?? 'none',
      live: live.has(source),
      savedAt: live.has(source) ? null : (savedTimes.get(source) ?? null),
      lastMessageAt: h?.lastMessageAt ?? null,
      lagMs: h?.lagMs ?? null,
      cursor: h?.cursor ?? null,
      sequence: c?.maxSeq ?? null,
      eventsApplied: c === undefined ? 0 : Number(c.eventsTotal),
      messages: h?.messages ?? 0,
      errors: h?.errors ?? 0,
      lastError: h?.lastError ?? null,
      openGaps: c?.openGaps ?? 0,
      pendingDeadLetters: deadBy.get(source) ?? 0,
      rejections: refusedBy.get(source) ?? 0,
    };
  });
}

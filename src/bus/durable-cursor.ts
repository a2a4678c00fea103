import type { Kysely } from 'kysely';
import type { Database, Dialect } from '../store/index.ts';
import { ownerIsGone } from './owner-id.ts';
import { relaxedWrite } from './relaxed-write.ts';
import { SessionLock } from './session-lock.ts';

/** Longest a claim lasts without a heartbeat (ms): a holder on another host that stopped beating is taken over after this. */
export const MAX_CLAIM_MS = 5000;

/**
 * A durable consumer's position in the store log (`bus_consumers`): the sequence up to which
 * everything is acknowledged, and a claim naming the one instance that may deliver.
 *
 * The claim is a heartbeat: the holder renews it every `heartbeatMs` (a quarter of its length,
 * which is `ackWait` capped at {@link MAX_CLAIM_MS}), while idle and while its handler runs. Another
 * instance takes over
 * - on PostgreSQL: when it gets the durable's session advisory lock ({@link SessionLock}) — held on
 *   a connection of the holder's own, released by the server the moment the holder's process dies;
 *   a live holder keeps it however slow it is, so two live instances never deliver at once;
 * - on SQLite (one host: the file is local): at once when the owner's process on this host is gone
 *   (its pid no longer exists), else when its claim was not renewed for its whole length.
 * The new holder starts from the acknowledged sequence, redelivering what the old one had not
 * acknowledged.
 */
export class DurableCursor {
  /** How long a claim lasts without renewal (ms). */
  readonly claimMs: number;
  private readonly lock: SessionLock | null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    readonly durable: string,
    private readonly filter: string,
    private readonly owner: string,
    ackWait: number,
    private readonly now: () => Date,
  ) {
    this.claimMs = Math.max(100, Math.min(ackWait, MAX_CLAIM_MS));
    this.lock = dialect === 'postgres' ? new SessionLock(db, `stockmesh-bus:${durable}`) : null;
  }

  /** How often the holder renews its claim (ms). */
  get heartbeatMs(): number {
    return Math.floor(this.claimMs / 4);
  }

  /** Creates the durable at the start of the log if it does not exist yet. */
  async open(): Promise<void> {
    await this.db
      .insertInto('bus_consumers')
      .values({ durable: this.durable, filter: this.filter, acked_seq: 0, owner: null, lease_until: null, updated_at: this.iso(0) })
      .onConflict((oc) => oc.column('durable').doNothing())
      .execute();
  }

  /** Takes or renews the claim. Returns the acknowledged sequence when held, null when another instance holds it. */
  async claim(): Promise<number | null> {
    if (this.lock) {
      if (!(await this.lock.hold())) return null;
      // The lock is the claim: whoever had the row before is gone or lost its session.
      return this.take(null);
    }
    const now = this.iso(0);
    const row = await relaxedWrite(this.db, this.dialect, (db) =>
      db
        .updateTable('bus_consumers')
        .set({ owner: this.owner, lease_until: this.iso(this.claimMs), filter: this.filter, updated_at: now })
        .where('durable', '=', this.durable)
        .where((eb) => eb.or([eb('owner', '=', this.owner), eb('owner', 'is', null), eb('lease_until', '<', now)]))
        .returning('acked_seq')
        .executeTakeFirst(),
    );
    if (row) return Number(row.acked_seq);
    const holder = await this.db.selectFrom('bus_consumers').select('owner').where('durable', '=', this.durable).executeTakeFirst();
    if (holder?.owner && ownerIsGone(holder.owner)) return this.take(holder.owner);
    return null;
  }

  /**
   * Acknowledges everything up to `seq` and renews the claim; false when the claim was lost
   * meanwhile. Written without waiting for the disk ({@link relaxedWrite}): it becomes durable with
   * the next durable commit, and if it is lost the messages after the last durable position are
   * delivered again — never the other way round.
   */
  async ack(seq: number): Promise<boolean> {
    const r = await relaxedWrite(this.db, this.dialect, (db) =>
      db
        .updateTable('bus_consumers')
        .set({ acked_seq: seq, lease_until: this.iso(this.claimMs), updated_at: this.iso(0) })
        .where('durable', '=', this.durable)
        .where('owner', '=', this.owner)
        .executeTakeFirst(),
    );
    return Number(r.numUpdatedRows) === 1;
  }

  /** Gives the claim up so another instance may start at once. */
  async release(): Promise<void> {
    try {
      await this.db
        .updateTable('bus_consumers')
        .set({ owner: null, lease_until: null, updated_at: this.iso(0) })
        .where('durable', '=', this.durable)
        .where('owner', '=', this.owner)
        .execute();
    } finally {
      await this.lock?.release();
    }
  }

  /** Writes this instance into the row: from `from` only (compare and set), or from anyone when null. */
  private async take(from: string | null): Promise<number | null> {
    const db = this.db;
    let q = db
      .updateTable('bus_consumers')
      .set({ owner: this.owner, lease_until: this.iso(this.claimMs), filter: this.filter, updated_at: this.iso(0) })
      .where('durable', '=', this.durable);
    if (from !== null) q = q.where('owner', '=', from);
    const row = await q.returning('acked_seq').executeTakeFirst();
    return row ? Number(row.acked_seq) : null;
  }

  private iso(plusMs: number): string {
    return new Date(this.now().getTime() + plusMs).toISOString();
  }
}

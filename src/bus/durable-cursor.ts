import type { Kysely } from 'kysely';
import type { Database } from '../store/index.ts';

/**
 * A durable consumer's position in the store log (`bus_consumers`): the sequence up to which
 * everything is acknowledged, and a lease naming the one instance that may deliver. The lease
 * lasts `ackWait`; the holder renews it while it works, so another instance (a restarted or
 * second process) takes over only from a holder that stopped or died — and then starts from the
 * acknowledged sequence, redelivering whatever the old holder had not acknowledged.
 */
export class DurableCursor {
  constructor(
    private readonly db: Kysely<Database>,
    readonly durable: string,
    private readonly filter: string,
    private readonly owner: string,
    private readonly ackWait: number,
    private readonly now: () => Date,
  ) {}

  /** Creates the durable at the start of the log if it does not exist yet. */
  async open(): Promise<void> {
    await this.db
      .insertInto('bus_consumers')
      .values({ durable: this.durable, filter: this.filter, acked_seq: 0, owner: null, lease_until: null, updated_at: this.iso(0) })
      .onConflict((oc) => oc.column('durable').doNothing())
      .execute();
  }

  /** Takes or renews the lease. Returns the acknowledged sequence when held, null when another instance holds it. */
  async claim(): Promise<number | null> {
    const now = this.iso(0);
    const row = await this.db
      .updateTable('bus_consumers')
      .set({ owner: this.owner, lease_until: this.iso(this.ackWait), filter: this.filter, updated_at: now })
      .where('durable', '=', this.durable)
      .where((eb) => eb.or([eb('owner', '=', this.owner), eb('owner', 'is', null), eb('lease_until', '<', now)]))
      .returning('acked_seq')
      .executeTakeFirst();
    return row ? Number(row.acked_seq) : null;
  }

  /** Acknowledges everything up to `seq` and renews the lease; false when the lease was lost meanwhile. */
  async ack(seq: number): Promise<boolean> {
    const r = await this.db
      .updateTable('bus_consumers')
      .set({ acked_seq: seq, lease_until: this.iso(this.ackWait), updated_at: this.iso(0) })
      .where('durable', '=', this.durable)
      .where('owner', '=', this.owner)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Gives the lease up so another instance may start at once. */
  async release(): Promise<void> {
    await this.db
      .updateTable('bus_consumers')
      .set({ owner: null, lease_until: null, updated_at: this.iso(0) })
      .where('durable', '=', this.durable)
      .where('owner', '=', this.owner)
      .execute();
  }

  private iso(plusMs: number): string {
    return new Date(this.now().getTime() + plusMs).toISOString();
  }
}

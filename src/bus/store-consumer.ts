import type { Kysely } from 'kysely';
import type { Database, Dialect } from '../store/index.ts';
import type { BatchHandler, Subscription } from './bus.ts';
import { DurableCursor } from './durable-cursor.ts';
import { retryDelay } from './retry-delay.ts';
import { sleep } from './sleep.ts';
import { delivered, type LogEntry, readLog } from './store-log.ts';
import { literalPrefix, subjectMatches } from './subject.ts';
import type { Wakeup } from './wakeup.ts';

export interface StoreConsumerOptions {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  readonly durable: string;
  readonly filter: string;
  readonly handler: BatchHandler;
  readonly maxBatch: number;
  readonly ackWait: number;
  readonly retryDelay: number;
  /** How often to look for messages written by other processes (this process's publishes wake it at once). */
  readonly pollInterval: number;
  readonly wakeup: Wakeup;
  readonly owner: string;
  readonly now: () => Date;
  readonly onError: (err: unknown) => void;
}

/**
 * One durable consumer over the store log: holds the durable's lease, reads the next messages
 * after the acknowledged sequence, hands those matching its filter to the handler as one batch,
 * and acknowledges up to the last message read once the handler resolved. A failed batch is
 * retried (same messages, backing off) before anything newer: strict log order, hence order per key.
 */
export class StoreConsumer implements Subscription {
  private readonly cursor: DurableCursor;
  private readonly prefix: string;
  private readonly abort = new AbortController();
  private loop: Promise<void> = Promise.resolve();
  private acked = 0;
  private held = false;
  private renewedAt = 0;
  private idleStep = 0;

  private constructor(private readonly o: StoreConsumerOptions) {
    this.cursor = new DurableCursor(o.db, o.dialect, o.durable, o.filter, o.owner, o.ackWait, o.now);
    this.prefix = literalPrefix(o.filter);
  }

  static async start(o: StoreConsumerOptions): Promise<StoreConsumer> {
    const c = new StoreConsumer(o);
    await c.cursor.open();
    c.loop = c.run();
    return c;
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  private get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  private async run(): Promise<void> {
    let failures = 0;
    try {
      while (!this.stopped) {
        try {
          await this.step();
          failures = 0;
        } catch (err) {
          this.o.onError(err);
          await sleep(retryDelay(this.o.pollInterval, ++failures), this.abort.signal);
        }
      }
    } finally {
      if (this.held) await this.cursor.release().catch(this.o.onError);
    }
  }

  private async step(): Promise<void> {
    if (!(await this.holdLease())) {
      await this.o.wakeup.wait(this.o.pollInterval, this.abort.signal);
      return;
    }
    const rows = await readLog(this.o.db, this.acked, this.prefix, this.o.maxBatch);
    const last = rows[rows.length - 1];
    if (last === undefined) {
      await this.idle();
      return;
    }
    this.idleStep = 0;
    const batch = rows.filter((r) => subjectMatches(this.o.filter, r.subject));
    if (batch.length > 0 && !(await this.deliver(batch))) return;
    await this.ackUpTo(last.seq);
  }

  /** Runs the handler until it succeeds; false when stopped or the lease was lost first (nothing acknowledged). */
  private async deliver(batch: readonly LogEntry[]): Promise<boolean> {
    for (let n = 1; ; n++) {
      const renew = setInterval(() => void this.renew(), Math.max(20, this.cursor.heartbeatMs));
      try {
        await this.o.handler(batch.map((e) => delivered(e, n)));
        return true;
      } catch (err) {
        this.o.onError(err);
      } finally {
        clearInterval(renew);
      }
      await sleep(retryDelay(this.o.retryDelay, n), this.abort.signal);
      // Lost the lease meanwhile: another instance may have moved on; re-read from the store instead.
      if (this.stopped || !this.held || !(await this.holdLease())) return false;
    }
  }

  private async ackUpTo(seq: number): Promise<void> {
    if (await this.cursor.ack(seq)) {
      this.acked = seq;
      this.renewedAt = Date.now();
    } else {
      this.held = false;
    }
  }

  /** True when this instance holds the claim, renewing it (the heartbeat) once a heartbeat interval has passed. */
  private async holdLease(): Promise<boolean> {
    if (this.held && Date.now() - this.renewedAt < this.cursor.heartbeatMs) return true;
    const acked = await this.cursor.claim();
    if (acked === null) {
      this.held = false;
      return false;
    }
    // Taking the lease over (or back): start from what is acknowledged in the store.
    if (!this.held) this.acked = acked;
    this.held = true;
    this.renewedAt = Date.now();
    return true;
  }

  private async renew(): Promise<void> {
    try {
      if ((await this.cursor.claim()) === null) this.held = false;
      else this.renewedAt = Date.now();
    } catch (err) {
      this.o.onError(err);
    }
  }

  private async idle(): Promise<void> {
    if (this.o.wakeup.bursting) {
      await this.o.wakeup.wait(Math.min(this.o.pollInterval, 2 ** this.idleStep), this.abort.signal);
      this.idleStep = Math.min(this.idleStep + 1, 12);
    } else {
      await this.o.wakeup.wait(this.o.pollInterval, this.abort.signal);
    }
  }
}

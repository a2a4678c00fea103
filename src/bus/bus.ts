import type { Transaction } from 'kysely';
import type { Database } from '../store/index.ts';

/** One message to publish. */
export interface BusMessage {
  /**
   * Stable id chosen by the publisher (for inventory events: the event id). Publishing the same
   * id again is harmless: the bus drops it within its de-duplication window, and consumers are
   * idempotent by id beyond it.
   */
  readonly id: string;
  /** Ordering key (warehouse × SKU, e.g. `WH-SH|SKU-TEA`): one key is delivered in publish order. */
  readonly key: string;
  /** UTF-8 text, usually JSON. */
  readonly payload: string;
}

/** A message handed to a consumer's handler. */
export interface Delivered extends BusMessage {
  readonly subject: string;
  /** Position in the log (embedded) or stream sequence (JetStream); increasing in delivery order. */
  readonly seq: number;
  /**
   * How many times this message has been handed out, this one included (1 = first). A count
   * from before a restart is known to JetStream, not to the embedded bus (which restarts at 1).
   */
  readonly deliveries: number;
}

/**
 * Processes one batch. Resolving acknowledges every message of the batch; rejecting (or
 * throwing) acknowledges none, and the same messages are delivered again later, before anything
 * newer. A handler must be idempotent by message id: delivery is at least once.
 */
export type BatchHandler = (batch: readonly Delivered[]) => Promise<void>;

export interface ConsumeOptions {
  /** Most messages per handler call. */
  readonly maxBatch: number;
  /**
   * How long a delivered, unacknowledged batch stays with its consumer instance before another
   * instance may take it over (a crashed or stopped process). A live handler keeps its batch
   * however long it runs: the bus extends the deadline while the handler is busy.
   */
  readonly ackWait: number;
  /** First pause before a failed batch is redelivered, doubling up to 5 s (default 100 ms). */
  readonly retryDelay?: number | undefined;
}

/** A running consumer. */
export interface Subscription {
  /** Stops fetching, waits for the batch in hand to settle, and releases the durable. */
  stop(): Promise<void>;
}

/**
 * The hub's message bus: subjects, durable consumers, at-least-once delivery, order per key.
 *
 * The contract every implementation keeps (test/bus-contract.int.test.ts):
 * - `publish` resolves only when every message is durably stored; a rejected publish may have
 *   stored some of them, and publishing them again (same ids) is safe.
 * - `publishInTx` writes the messages inside the caller's store transaction: they are delivered
 *   only if and after that transaction commits (outbox), never before, never on rollback.
 * - A durable consumer resumes where it left off after a restart: what was acknowledged is not
 *   delivered again, what was not is.
 * - Messages with the same `key` are delivered in publish order, failed batches included: a
 *   failed batch is retried before anything newer of the same durable is delivered.
 * - One active instance per durable; a second instance of the same durable waits as a standby.
 */
export interface Bus {
  readonly kind: 'embedded' | 'nats';
  /** Stores the messages under `subject`; resolves once all of them are durable. */
  publish(subject: string, messages: readonly BusMessage[]): Promise<void>;
  /**
   * Writes the messages inside `tx`; they leave only after it commits. Call it last in the
   * transaction (on PostgreSQL it takes the bus's append lock until commit).
   */
  publishInTx(tx: Transaction<Database>, subject: string, messages: readonly BusMessage[]): Promise<void>;
  /**
   * Starts the durable consumer `durable` over the subjects matching `subjectFilter` (NATS
   * wildcards: `*` one token, `>` the rest). Resolves once it is set up; delivery runs until
   * `stop()` or `close()`.
   */
  consume(durable: string, subjectFilter: string, handler: BatchHandler, opts: ConsumeOptions): Promise<Subscription>;
  /** Stops every consumer, waits for publishes in flight, and lets go of connections. */
  close(): Promise<void>;
}

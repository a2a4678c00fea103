import type { Transaction } from 'kysely';
import type { Database, Store } from '../store/index.ts';
import type { BatchHandler, Bus, BusMessage, ConsumeOptions, Subscription } from './bus.ts';
import { checkMessages } from './check-messages.ts';
import { GroupPublisher } from './group-publisher.ts';
import { ownerId } from './owner-id.ts';
import { StoreConsumer } from './store-consumer.ts';
import { appendToLog, pruneLogBefore } from './store-log.ts';
import { checkDurable, checkFilter, checkSubject } from './subject.ts';
import { Wakeup } from './wakeup.ts';

export interface EmbeddedBusOptions {
  /** How often consumers look for messages other processes wrote (default 50 ms); this process's publishes wake them at once. */
  readonly pollInterval?: number | undefined;
  /** How long the log keeps a message, acknowledged or not (default 7 days), like a stream's max age. */
  readonly retentionMs?: number | undefined;
  readonly now?: (() => Date) | undefined;
  /** Told about handler failures (the batch is redelivered) and store errors (retried). */
  readonly onError?: ((err: unknown) => void) | undefined;
}

const DAY = 24 * 3600 * 1000;

/**
 * The embedded bus: a log table in the hub's own store (SQLite or PostgreSQL, one code path) with
 * durable consumers. Publishing is a store commit (grouped across concurrent callers), so a
 * published message survives a crash; `publishInTx` is the outbox — the rows commit or roll back
 * with the caller's transaction. Consumers in this process are woken on publish; other processes
 * poll.
 */
export class EmbeddedBus implements Bus {
  readonly kind = 'embedded' as const;
  private readonly wakeup = new Wakeup();
  private readonly publisher: GroupPublisher;
  private readonly consumers = new Set<StoreConsumer>();
  private readonly pruner: NodeJS.Timeout;
  private readonly now: () => Date;
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly opts: EmbeddedBusOptions = {},
  ) {
    this.now = opts.now ?? (() => new Date());
    this.publisher = new GroupPublisher(store, this.now, () => this.wakeup.now());
    const retention = opts.retentionMs ?? 7 * DAY;
    this.pruner = setInterval(() => {
      pruneLogBefore(store.db, new Date(this.now().getTime() - retention).toISOString()).catch(this.onError);
    }, Math.min(retention, 60_000));
    this.pruner.unref();
  }

  private readonly onError = (err: unknown): void => this.opts.onError?.(err);

  async publish(subject: string, messages: readonly BusMessage[]): Promise<void> {
    this.assertOpen();
    checkSubject(subject);
    checkMessages(messages);
    await this.publisher.publish(messages.map((message) => ({ subject, message })));
  }

  async publishInTx(tx: Transaction<Database>, subject: string, messages: readonly BusMessage[]): Promise<void> {
    this.assertOpen();
    checkSubject(subject);
    checkMessages(messages);
    await appendToLog(tx, this.store.dialect, messages.map((message) => ({ subject, message })), this.now().toISOString());
    // The commit is still to come: have this process's consumers look again quickly for a while.
    this.wakeup.soon();
  }

  async consume(durable: string, subjectFilter: string, handler: BatchHandler, opts: ConsumeOptions): Promise<Subscription> {
    this.assertOpen();
    checkDurable(durable);
    checkFilter(subjectFilter);
    const c = await StoreConsumer.start({
      db: this.store.db,
      dialect: this.store.dialect,
      durable,
      filter: subjectFilter,
      handler,
      maxBatch: opts.maxBatch,
      ackWait: opts.ackWait,
      retryDelay: opts.retryDelay ?? 100,
      pollInterval: this.opts.pollInterval ?? 50,
      wakeup: this.wakeup,
      owner: ownerId(),
      now: this.now,
      onError: this.onError,
    });
    this.consumers.add(c);
    return {
      stop: async () => {
        this.consumers.delete(c);
        await c.stop();
      },
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.pruner);
    await this.publisher.close();
    await Promise.all([...this.consumers].map((c) => c.stop()));
    this.consumers.clear();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the bus is closed');
  }
}

import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { Transaction } from 'kysely';
import { StockmeshError } from '../domain/index.ts';
import type { Database, Store } from '../store/index.ts';
import type { BatchHandler, Bus, BusMessage, ConsumeOptions, Subscription } from './bus.ts';
import { checkMessages } from './check-messages.ts';
import { DurableCursor } from './durable-cursor.ts';
import { NatsConsumer } from './nats-consumer.ts';
import { NatsPublisher } from './nats-publisher.ts';
import { PubAckInbox } from './pub-ack-inbox.ts';
import { ensureStream } from './nats-stream.ts';
import { startOutboxRelay } from './outbox-relay.ts';
import { ownerId } from './owner-id.ts';
import { appendToLog } from './store-log.ts';
import { checkDurable, checkFilter, checkSubject, filterWithin } from './subject.ts';
import { Wakeup } from './wakeup.ts';

export interface NatsBusOptions {
  readonly url: string;
  /** JetStream stream name (default STOCKMESH). */
  readonly stream?: string | undefined;
  /** Every subject starts with it; the stream holds `<prefix>.>` (default `stockmesh`). */
  readonly subjectPrefix?: string | undefined;
  /** Publishes awaiting their ack at once (default 1,000). */
  readonly publishWindow?: number | undefined;
  /** How long one publish waits for JetStream's ack before it is retried (default 5 s). */
  readonly publishAckTimeout?: number | undefined;
  /** How long a publish keeps retrying through an outage before it rejects (default 60 s). */
  readonly publishGiveUpAfter?: number | undefined;
  /** JetStream de-duplication window for new streams (default 2 min). */
  readonly duplicateWindowMs?: number | undefined;
  /** How long a new stream keeps messages (default 7 days). */
  readonly maxAgeMs?: number | undefined;
  /** How often the outbox relay looks for rows other processes committed (default 50 ms). */
  readonly pollInterval?: number | undefined;
  readonly now?: (() => Date) | undefined;
  /** Told about handler failures (redelivered), publish retries and connection trouble. */
  readonly onError?: ((err: unknown) => void) | undefined;
}

const DAY = 24 * 3600 * 1000;

/**
 * The bus over NATS JetStream: one file-backed stream holding `<prefix>.>`, publishes with
 * `Nats-Msg-Id` (de-duplicated by JetStream) through a window of acks in flight, durable pull
 * consumers acknowledged per batch (AckAll) processed in stream order, and an outbox relay for `publishInTx`.
 */
export class NatsBus implements Bus {
  readonly kind = 'nats' as const;
  private readonly wakeup = new Wakeup();
  private readonly consumers = new Set<NatsConsumer>();
  private readonly inFlight = new Set<Promise<void>>();
  private relay: Subscription | null = null;
  private closed = false;

  private constructor(
    private readonly store: Store,
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly publisher: NatsPublisher,
    readonly stream: string,
    readonly subjectPrefix: string,
    private readonly opts: NatsBusOptions,
  ) {}

  /** Connects, makes sure the stream exists, and starts the outbox relay. */
  static async open(store: Store, opts: NatsBusOptions): Promise<NatsBus> {
    const onError = (err: unknown): void => opts.onError?.(err);
    const stream = opts.stream ?? 'STOCKMESH';
    const subjectPrefix = opts.subjectPrefix ?? 'stockmesh';
    checkSubject(subjectPrefix);
    // noAsyncTraces: the client would otherwise capture two stack traces (a RequestError and a
    // TimeoutError made in advance) for every JetStream publish — about a fifth of the publishing
    // CPU in a profile. Errors still carry their own stack; only the caller's async trace is lost.
    const nc = await connect({ servers: opts.url, name: `stockmesh-${process.pid}`, maxReconnectAttempts: -1, reconnectTimeWait: 250, noAsyncTraces: true });
    try {
      const jsm = await jetstreamManager(nc);
      await ensureStream(jsm, {
        name: stream,
        subjectPrefix,
        duplicateWindowMs: opts.duplicateWindowMs ?? 120_000,
        maxAgeMs: opts.maxAgeMs ?? 7 * DAY,
      });
      const acks = new PubAckInbox(nc);
      const publisher = new NatsPublisher(acks, {
        window: opts.publishWindow ?? 1000,
        ackTimeout: opts.publishAckTimeout ?? 5000,
        giveUpAfter: opts.publishGiveUpAfter ?? 60_000,
        onError,
      });
      void (async () => {
        for await (const s of nc.status()) {
          if (s.type === 'disconnect') {
            publisher.disconnected();
            onError(new Error(`NATS connection to ${s.server} lost; reconnecting`));
          }
        }
      })().catch(onError);
      const bus = new NatsBus(store, nc, jsm, publisher, stream, subjectPrefix, opts);
      bus.relay = await startOutboxRelay({
        db: store.db,
        dialect: store.dialect,
        publisher,
        durable: `nats-outbox-${stream}`,
        wakeup: bus.wakeup,
        pollInterval: opts.pollInterval ?? 50,
        now: opts.now ?? (() => new Date()),
        onError,
      });
      return bus;
    } catch (err) {
      await nc.close();
      throw err;
    }
  }

  private readonly onError = (err: unknown): void => this.opts.onError?.(err);

  async publish(subject: string, messages: readonly BusMessage[]): Promise<void> {
    this.assertOpen();
    this.checkSubject(subject);
    checkMessages(messages);
    const p = this.publisher.publish(messages.map((message) => ({ subject, message })));
    const tracked = p.catch(() => undefined).finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
    await p;
  }

  async publishInTx(tx: Transaction<Database>, subject: string, messages: readonly BusMessage[]): Promise<void> {
    this.assertOpen();
    this.checkSubject(subject);
    checkMessages(messages);
    const at = (this.opts.now?.() ?? new Date()).toISOString();
    await appendToLog(tx, this.store.dialect, messages.map((message) => ({ subject, message })), at);
    this.wakeup.soon();
  }

  async consume(durable: string, subjectFilter: string, handler: BatchHandler, opts: ConsumeOptions): Promise<Subscription> {
    this.assertOpen();
    checkDurable(durable);
    checkFilter(subjectFilter);
    if (!filterWithin(subjectFilter, this.subjectPrefix)) {
      throw new StockmeshError('INVALID_ARGUMENT', `filter "${subjectFilter}" is outside the stream's "${this.subjectPrefix}.>"`);
    }
    const now = this.opts.now ?? (() => new Date());
    const c = await NatsConsumer.start({
      js: this.jsm.jetstream(),
      jsm: this.jsm,
      lease: new DurableCursor(this.store.db, this.store.dialect, `nats:${this.stream}:${durable}`, subjectFilter, ownerId(), opts.ackWait, now),
      stream: this.stream,
      durable,
      filter: subjectFilter,
      ackWait: opts.ackWait,
      maxAckPending: Math.max(1000, 2 * opts.maxBatch),
      handler,
      maxBatch: opts.maxBatch,
      retryDelay: opts.retryDelay ?? 100,
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
    await Promise.all([...this.consumers].map((c) => c.stop()));
    this.consumers.clear();
    await this.relay?.stop();
    await Promise.all([...this.inFlight]);
    this.publisher.close();
    await this.nc.close();
  }

  private checkSubject(subject: string): void {
    checkSubject(subject);
    if (!subject.startsWith(`${this.subjectPrefix}.`)) {
      throw new StockmeshError('INVALID_ARGUMENT', `subject "${subject}" is outside the stream's "${this.subjectPrefix}.>"`);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the bus is closed');
  }
}

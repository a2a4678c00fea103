import type { ConsumerMessages, JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import type { BatchHandler, Delivered, Subscription } from './bus.ts';
import type { DurableCursor } from './durable-cursor.ts';
import { type DurablePosition, type DurableSpec, prepareDurable } from './nats-durable.ts';
import { KEY_HEADER } from './nats-publisher.ts';
import { retryDelay } from './retry-delay.ts';
import { sleep } from './sleep.ts';
import { Wakeup } from './wakeup.ts';

export interface NatsConsumerOptions extends DurableSpec {
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  /** The durable's lease in the store: one active instance per durable across processes. */
  readonly lease: DurableCursor;
  readonly handler: BatchHandler;
  readonly maxBatch: number;
  readonly retryDelay: number;
  readonly onError: (err: unknown) => void;
}

/**
 * One durable JetStream pull consumer, processed strictly in stream order: messages arrive into a
 * local queue, batches are handed to the handler one at a time, a failed batch is retried in
 * place (its AckWait extended with `working()`) before anything newer, and a batch is acknowledged
 * (the last ack confirmed by the server) only after its handler resolved.
 *
 * Order is guarded, not assumed: every delivery must carry the next delivery sequence and a stream
 * sequence above the last one seen. Anything else — a delivery lost on a dropped connection, a
 * redelivery after AckWait, a server restarted with older consumer state — means JetStream would
 * now deliver out of order, so the consumer drops what it holds and starts over from the durable's
 * ack floor (nats-durable.ts), which delivers every unacknowledged message again, in order.
 *
 * Only the instance holding the durable's lease (a `bus_consumers` row in the store) consumes;
 * another instance of the same durable waits and takes over when the lease is released or lapses.
 */
export class NatsConsumer implements Subscription {
  private readonly abort = new AbortController();
  private readonly wakeup = new Wakeup();
  private loop: Promise<void> = Promise.resolve();
  private messages: ConsumerMessages | null = null;
  private queue: JsMsg[] = [];
  private inHand: readonly JsMsg[] = [];
  private pos: DurablePosition = { nextDeliverySeq: 1, lastStreamSeq: 0 };
  private broken = true;
  private confirming: Promise<void> = Promise.resolve();
  private held = false;
  private renewedAt = 0;

  private constructor(private readonly o: NatsConsumerOptions) {}

  static async start(o: NatsConsumerOptions): Promise<NatsConsumer> {
    const c = new NatsConsumer(o);
    await o.lease.open();
    c.loop = c.run();
    return c;
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.wakeup.now();
    await this.loop;
  }

  private get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  private get tick(): number {
    return Math.max(20, Math.min(1000, Math.floor(this.o.ackWait / 3), this.o.lease.heartbeatMs));
  }

  private async run(): Promise<void> {
    let failures = 0;
    try {
      while (!this.stopped) {
        try {
          if (!(await this.holdLease())) {
            await this.unsubscribe();
            await this.wakeup.wait(this.tick, this.abort.signal);
            continue;
          }
          if (this.broken) await this.restart();
          const batch = await this.take();
          if (batch.length > 0) await this.deliver(batch);
          failures = 0;
        } catch (err) {
          this.o.onError(err);
          this.broken = true;
          await sleep(retryDelay(250, ++failures), this.abort.signal);
        }
      }
    } finally {
      await this.unsubscribe();
      if (this.held) await this.o.lease.release().catch(this.o.onError);
    }
  }

  /** (Re)subscribes from the first unacknowledged message, in order. */
  private async restart(): Promise<void> {
    await this.unsubscribe();
    this.pos = await prepareDurable(this.o.jsm, this.o);
    this.broken = false;
    const consumer = await this.o.js.consumers.get(this.o.stream, this.o.durable);
    const messages = await consumer.consume({ max_messages: this.o.maxBatch, callback: (m) => this.arrived(m) });
    this.messages = messages;
    void (async () => {
      for await (const s of messages.status()) {
        if (this.messages === messages && (s.type === 'consumer_deleted' || s.type === 'consumer_not_found')) {
          this.broken = true;
          this.wakeup.now();
        }
      }
    })().catch(this.o.onError);
  }

  private async unsubscribe(): Promise<void> {
    await this.confirming;
    const m = this.messages;
    this.messages = null;
    this.queue = [];
    this.broken = true;
    if (m) await m.close().catch(this.o.onError);
  }

  private arrived(m: JsMsg): void {
    if (this.broken) return;
    if (m.info.deliverySequence !== this.pos.nextDeliverySeq || m.seq <= this.pos.lastStreamSeq) {
      this.broken = true;
    } else {
      this.pos = { nextDeliverySeq: m.info.deliverySequence + 1, lastStreamSeq: m.seq };
      this.queue.push(m);
    }
    this.wakeup.now();
  }

  private async take(): Promise<JsMsg[]> {
    while (this.queue.length === 0 && !this.broken && !this.stopped) {
      await this.wakeup.wait(this.tick, this.abort.signal);
      if (!(await this.holdLease())) return [];
    }
    if (this.broken || this.stopped) return [];
    return this.queue.splice(0, this.o.maxBatch);
  }

  /** Runs the handler until it succeeds, then acknowledges; gives up (unacknowledged) on stop, a restart or a lost lease. */
  private async deliver(batch: readonly JsMsg[]): Promise<void> {
    this.inHand = batch;
    const keepAlive = setInterval(() => void this.keepAlive(), this.tick);
    try {
      for (let n = 1; ; n++) {
        try {
          await this.o.handler(batch.map((m) => toDelivered(m, n)));
        } catch (err) {
          this.o.onError(err);
          await sleep(retryDelay(this.o.retryDelay, n), this.abort.signal);
          if (this.stopped || this.broken || !this.held) return;
          continue;
        }
        await this.ack(batch);
        return;
      }
    } finally {
      clearInterval(keepAlive);
      this.inHand = [];
    }
  }

  /**
   * The durable acknowledges with AckAll: the server confirming the ack of the batch's last message
   * confirms the whole batch (one ack per batch). The next batch need not wait for that
   * confirmation (order does not depend on it); stopping does. No confirmation (a dropped
   * connection) means the batch comes again after a restart from the floor.
   */
  private async ack(batch: readonly JsMsg[]): Promise<void> {
    await this.confirming;
    const last = batch[batch.length - 1];
    if (!last) return;
    const timeout = Math.max(1000, Math.min(10_000, this.o.ackWait));
    this.confirming = last.ackAck({ timeout }).then(
      (ok) => void (ok || (this.broken = true)),
      () => void (this.broken = true),
    );
  }

  /** While the handler runs: extends AckWait of the batch and of what waits behind it, and the lease. */
  private async keepAlive(): Promise<void> {
    for (const m of this.inHand) m.working();
    for (const m of this.queue) m.working();
    await this.holdLease().catch(this.o.onError);
  }

  /** True when this instance holds the claim, renewing it (the heartbeat) once a heartbeat interval has passed. */
  private async holdLease(): Promise<boolean> {
    if (this.held && Date.now() - this.renewedAt < this.o.lease.heartbeatMs) return true;
    const wasHeld = this.held;
    this.held = (await this.o.lease.claim()) !== null;
    if (this.held) this.renewedAt = Date.now();
    // Lost or newly taken: whatever we hold may be stale, start over from the ack floor.
    if (this.held !== wasHeld) this.broken = true;
    return this.held;
  }
}

function toDelivered(m: JsMsg, attempt: number): Delivered {
  return {
    subject: m.subject,
    seq: m.seq,
    id: m.headers?.get('Nats-Msg-Id') || `${m.info.stream}:${m.seq}`,
    key: m.headers?.get(KEY_HEADER) ?? '',
    payload: m.string(),
    deliveries: m.info.deliveryCount + attempt - 1,
  };
}

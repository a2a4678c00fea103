import { headers } from '@nats-io/transport-node';
import type { BusMessage } from './bus.ts';
import type { PubAckInbox } from './pub-ack-inbox.ts';
import { retryDelay } from './retry-delay.ts';
import { Semaphore } from './semaphore.ts';
import { sleep } from './sleep.ts';

export interface NatsPublisherOptions {
  /** Most publishes awaiting their JetStream ack at once, across callers (default 1,000). */
  readonly window: number;
  /** How long one publish waits for its ack (ms). */
  readonly ackTimeout: number;
  /** How long a batch keeps retrying through a server outage before its publish rejects (ms). */
  readonly giveUpAfter: number;
  readonly onError: (err: unknown) => void;
}

/** Header carrying the ordering key; the id goes in `Nats-Msg-Id` for JetStream's de-duplication. */
export const KEY_HEADER = 'Stockmesh-Key';
/** JetStream's de-duplication header. */
const MSG_ID_HEADER = 'Nats-Msg-Id';

type Item = { readonly subject: string; readonly message: BusMessage };
type Failure = { readonly at: number; readonly err: unknown };

/**
 * Publishes to JetStream with a window of acks in flight, and retries through outages.
 *
 * Order: within a batch, messages go out in order on one connection, and JetStream stores them in
 * the order it reads them. When a publish fails or the connection drops, no further message of
 * the batch is sent; the in-flight ones settle; then the batch resumes from the first failed
 * message — alone and awaited until one is stored (the server is back), then windowed again.
 * Everything after it is sent again; JetStream drops the copies it already has by `Nats-Msg-Id`.
 * Only a server that refuses one message and then stores a later one already in flight could
 * store them out of order; the publisher checks the stream sequences it gets back and reports
 * such a case through `onError` (the ledger would then refuse the early arrival as
 * STOCK_NEGATIVE and keep it as a dead letter to replay — never apply it twice).
 */
export class NatsPublisher {
  private readonly slots: Semaphore;
  private epoch = 0;

  constructor(
    private readonly acks: PubAckInbox,
    private readonly o: NatsPublisherOptions,
  ) {
    this.slots = new Semaphore(o.window);
  }

  /** Stops listening for acknowledgements (after the last publish settled). */
  close(): void {
    this.acks.close();
  }

  /** The connection dropped: batches stop sending until they resume from their first unconfirmed message. */
  disconnected(): void {
    this.epoch += 1;
  }

  async publish(items: readonly Item[]): Promise<void> {
    const deadline = Date.now() + this.o.giveUpAfter;
    const seqs = new Array<number>(items.length).fill(0);
    let from = 0;
    for (let attempt = 0; from < items.length; attempt++) {
      const failed = await this.send(items, from, attempt > 0, seqs);
      if (failed === null) break;
      from = failed.at;
      this.o.onError(failed.err);
      if (Date.now() >= deadline) throw failed.err;
      await sleep(retryDelay(50, attempt + 1));
    }
    checkOrder(items, seqs, this.o.onError);
  }

  /** Sends items[from..]; the first index not confirmed stored (and why), or null when all are. */
  private async send(items: readonly Item[], from: number, careful: boolean, seqs: number[]): Promise<Failure | null> {
    const epoch = this.epoch;
    let i = from;
    if (careful) {
      try {
        seqs[i] = await this.one(items[i] as Item);
        i += 1;
      } catch (err) {
        return { at: i, err };
      }
    }
    let failed: Failure | null = null;
    const fail = (f: Failure): void => {
      if (failed === null || f.at < failed.at) failed = f;
    };
    const inFlight: Promise<void>[] = [];
    for (; i < items.length; i++) {
      const wait = this.slots.acquire();
      if (wait) await wait;
      if (failed !== null || this.epoch !== epoch) {
        this.slots.release();
        fail({ at: i, err: new Error('connection lost while publishing') });
        break;
      }
      const at = i;
      inFlight.push(
        this.one(items[at] as Item)
          .then(
            (seq) => void (seqs[at] = seq),
            (err: unknown) => fail({ at, err }),
          )
          .finally(() => this.slots.release()),
      );
    }
    await Promise.all(inFlight);
    return failed;
  }

  private async one({ subject, message }: Item): Promise<number> {
    const h = headers();
    h.set(MSG_ID_HEADER, message.id);
    h.set(KEY_HEADER, message.key);
    return this.acks.publish(subject, message.payload, h, this.o.ackTimeout);
  }
}

/** Reports messages of one key that JetStream stored out of publish order (see the class comment). */
function checkOrder(items: readonly Item[], seqs: readonly number[], onError: (err: unknown) => void): void {
  const last = new Map<string, number>();
  for (const [i, { message }] of items.entries()) {
    const seq = seqs[i] ?? 0;
    const prev = last.get(message.key) ?? 0;
    if (seq < prev) onError(new Error(`JetStream stored message ${message.id} (key ${message.key}) before an earlier one of its key`));
    last.set(message.key, Math.max(prev, seq));
  }
}

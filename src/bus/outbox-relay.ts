import type { Kysely } from 'kysely';
import type { Database, Dialect } from '../store/index.ts';
import type { Subscription } from './bus.ts';
import type { NatsPublisher } from './nats-publisher.ts';
import { ownerId } from './owner-id.ts';
import { StoreConsumer } from './store-consumer.ts';
import { pruneLogUpTo } from './store-log.ts';
import type { Wakeup } from './wakeup.ts';

export interface OutboxRelayOptions {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  readonly publisher: NatsPublisher;
  /** Durable name of the relay in `bus_consumers` (one per stream). */
  readonly durable: string;
  readonly wakeup: Wakeup;
  readonly pollInterval: number;
  readonly now: () => Date;
  readonly onError: (err: unknown) => void;
}

/**
 * The NATS side of the outbox: rows that `publishInTx` wrote into `bus_messages` inside a store
 * transaction are read after their commit (a store-log consumer like any other: one lease, log
 * order) and published to JetStream with their ids; the relay's position moves past them only
 * once JetStream acknowledged them all. A crash in between publishes them again — at least once —
 * and JetStream drops the copies by `Nats-Msg-Id` within its duplicate window. Relayed rows are
 * deleted from the table.
 */
export async function startOutboxRelay(o: OutboxRelayOptions): Promise<Subscription> {
  const relay = await StoreConsumer.start({
    db: o.db,
    dialect: o.dialect,
    durable: o.durable,
    filter: '>',
    handler: (batch) => o.publisher.publish(batch.map((d) => ({ subject: d.subject, message: { id: d.id, key: d.key, payload: d.payload } }))),
    // Large batches keep the publish window full: each batch ends with a drain of in-flight acks.
    maxBatch: 5000,
    ackWait: 30_000,
    retryDelay: 100,
    pollInterval: o.pollInterval,
    wakeup: o.wakeup,
    owner: ownerId(),
    now: o.now,
    onError: o.onError,
  });
  const pruner = setInterval(() => void prune(o).catch(o.onError), 10_000);
  pruner.unref();
  return {
    stop: async () => {
      clearInterval(pruner);
      await relay.stop();
      await prune(o).catch(o.onError);
    },
  };
}

async function prune(o: OutboxRelayOptions): Promise<void> {
  const row = await o.db.selectFrom('bus_consumers').select('acked_seq').where('durable', '=', o.durable).executeTakeFirst();
  if (row && Number(row.acked_seq) > 0) await pruneLogUpTo(o.db, Number(row.acked_seq));
}

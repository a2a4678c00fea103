import { nanos } from '@nats-io/transport-node';
import {
  AckPolicy,
  type ConsumerConfig,
  type ConsumerInfo,
  DeliverPolicy,
  type JetStreamManager,
  JetStreamApiCodes,
  JetStreamApiError,
} from '@nats-io/jetstream';

export interface DurableSpec {
  readonly stream: string;
  readonly durable: string;
  readonly filter: string;
  readonly ackWait: number;
  /** Bound on delivered-but-unacknowledged messages (server side). */
  readonly maxAckPending: number;
}

/** Where delivery continues: the next delivery sequence expected and the last stream sequence seen. */
export interface DurablePosition {
  readonly nextDeliverySeq: number;
  readonly lastStreamSeq: number;
}

/**
 * Makes the durable pull consumer ready to deliver strictly in stream order from its first
 * unacknowledged message. A consumer with nothing outstanding and the same settings is used as
 * it is. Otherwise — messages delivered and not acknowledged (a crashed or stopped instance), or
 * changed settings — it is recreated starting right after its ack floor: JetStream would redeliver
 * those messages only after AckWait, behind newer ones, which would break the order per key.
 * Messages acknowledged above the floor come again (at least once; consumers are idempotent).
 */
export async function prepareDurable(jsm: JetStreamManager, spec: DurableSpec): Promise<DurablePosition> {
  const info = await consumerInfo(jsm, spec);
  if (info === null) {
    await jsm.consumers.add(spec.stream, config(spec, 0));
    return { nextDeliverySeq: 1, lastStreamSeq: 0 };
  }
  if (info.num_ack_pending === 0 && sameSettings(info.config, spec)) {
    return { nextDeliverySeq: info.delivered.consumer_seq + 1, lastStreamSeq: info.delivered.stream_seq };
  }
  return resetDurable(jsm, spec);
}

/** Recreates the durable right after its ack floor (see prepareDurable). */
export async function resetDurable(jsm: JetStreamManager, spec: DurableSpec): Promise<DurablePosition> {
  const info = await consumerInfo(jsm, spec);
  // A consumer that starts at sequence s and has acknowledged nothing yet reports an ack floor of
  // 0, not s − 1: take the start into account, or a second reset would replay the whole stream.
  const floor = info === null ? 0 : Math.max(info.ack_floor.stream_seq, (info.config.opt_start_seq ?? 1) - 1);
  if (info !== null) await jsm.consumers.delete(spec.stream, spec.durable);
  await jsm.consumers.add(spec.stream, config(spec, floor));
  return { nextDeliverySeq: 1, lastStreamSeq: floor };
}

async function consumerInfo(jsm: JetStreamManager, spec: DurableSpec): Promise<ConsumerInfo | null> {
  try {
    return await jsm.consumers.info(spec.stream, spec.durable);
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.ConsumerNotFound) return null;
    throw err;
  }
}

function config(spec: DurableSpec, floor: number): Partial<ConsumerConfig> {
  return {
    durable_name: spec.durable,
    // AckAll: acknowledging the last message of a batch acknowledges the batch (one ack, not one per
    // message); the consumer processes strictly in stream order, so nothing before it is still open.
    ack_policy: AckPolicy.All,
    ack_wait: nanos(spec.ackWait),
    max_ack_pending: spec.maxAckPending,
    max_deliver: -1,
    filter_subject: spec.filter,
    ...(floor > 0 ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: floor + 1 } : { deliver_policy: DeliverPolicy.All }),
  };
}

function sameSettings(c: ConsumerConfig, spec: DurableSpec): boolean {
  return (
    c.filter_subject === spec.filter && c.ack_policy === AckPolicy.All && c.ack_wait === nanos(spec.ackWait) && c.max_ack_pending === spec.maxAckPending
  );
}

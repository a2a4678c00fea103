/**
 * Raw NATS JetStream rates with the official client and nothing of ours in between, for the bus
 * benchmark to compare against in the same run (bench/bus.ts): publish awaiting each ack, publish
 * with a sliding window of acks in flight, and a durable pull consumer acking each message.
 */
import { AckPolicy, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { perSecond, stopwatch } from './lib/timer.ts';

export interface RawStream {
  readonly name: string;
  readonly subject: string;
  readonly jsm: JetStreamManager;
  dispose(): Promise<void>;
}

export async function rawStream(nc: NatsConnection, name: string): Promise<RawStream> {
  const jsm = await jetstreamManager(nc);
  const subject = `${name.toLowerCase()}.events`;
  await jsm.streams.add({ name, subjects: [`${name.toLowerCase()}.>`] });
  return { name, subject, jsm, dispose: async () => void (await jsm.streams.delete(name)) };
}

/** Messages/s publishing `n` messages one by one, each awaited. */
export async function rawPublishAwaited(s: RawStream, payload: string, n: number): Promise<number> {
  const js = s.jsm.jetstream();
  const sw = stopwatch();
  for (let i = 0; i < n; i++) await js.publish(s.subject, payload, { msgID: `a-${i}` });
  return perSecond(n, sw.ms());
}

/** Messages/s publishing `n` messages with up to `window` acks outstanding. */
export async function rawPublishWindowed(s: RawStream, payload: string, n: number, window: number): Promise<number> {
  const js = s.jsm.jetstream();
  const sw = stopwatch();
  let sent = 0;
  let failed: unknown = null;
  await new Promise<void>((resolve, reject) => {
    let inFlight = 0;
    let done = 0;
    const pump = (): void => {
      while (inFlight < window && sent < n) {
        inFlight += 1;
        js.publish(s.subject, payload, { msgID: `w-${sent++}` }).then(
          () => {
            inFlight -= 1;
            done += 1;
            if (done === n) resolve();
            else pump();
          },
          (err: unknown) => {
            failed = err;
            reject(err);
          },
        );
      }
    };
    pump();
  });
  if (failed) throw failed;
  return perSecond(n, sw.ms());
}

/** Messages/s consuming the first `n` messages of the stream with a new durable, acking each. */
export async function rawConsume(s: RawStream, n: number, durable: string): Promise<number> {
  await s.jsm.consumers.add(s.name, { durable_name: durable, ack_policy: AckPolicy.Explicit, max_ack_pending: 2000 });
  const c = await s.jsm.jetstream().consumers.get(s.name, durable);
  const sw = stopwatch();
  let got = 0;
  await new Promise<void>((resolve, reject) => {
    c.consume({
      max_messages: 1000,
      callback: (m) => {
        m.ack();
        if (++got === n) resolve();
      },
    })
      .then((iter) => {
        void Promise.resolve().then(async () => {
          while (got < n) await new Promise((r) => setTimeout(r, 5));
          await iter.close();
        });
      })
      .catch(reject);
  });
  return perSecond(n, sw.ms());
}

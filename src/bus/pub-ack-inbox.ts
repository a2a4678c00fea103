import { createInbox, type Msg, type MsgHdrs, type NatsConnection, type Subscription } from '@nats-io/transport-node';

interface Waiting {
  readonly resolve: (seq: number) => void;
  readonly reject: (err: Error) => void;
  readonly deadline: number;
}

/**
 * JetStream publishes with their acknowledgements collected on one subscription. The client's
 * `js.publish` is a request per message — a promise, a timer, a mux entry and (even without async
 * traces) an Error object for its "cancelled" path each time; with thousands of publishes in
 * flight that is most of the publishing CPU. Here every publish is a plain core publish with a
 * reply subject `<inbox>.<n>`; the server's PubAck (`{"stream":…,"seq":n}` or `{"error":…}`, or a
 * 503 "no responders" status when JetStream is not there) settles the matching entry, and one
 * sweep a quarter second rejects entries past their deadline. Same outcomes as `js.publish`:
 * resolves with the stream sequence, rejects on an error answer, no responders or a timeout.
 */
export class PubAckInbox {
  private readonly prefix = createInbox();
  private readonly waiting = new Map<string, Waiting>();
  private readonly sub: Subscription;
  private readonly sweeper: NodeJS.Timeout;
  private n = 0;

  constructor(private readonly nc: NatsConnection) {
    this.sub = nc.subscribe(`${this.prefix}.*`, { callback: (err, msg) => (err ? this.failAll(err) : this.answered(msg)) });
    this.sweeper = setInterval(() => this.sweep(), 250);
    this.sweeper.unref();
  }

  /** Publishes to JetStream; resolves with the stream sequence once it is stored. */
  publish(subject: string, payload: string, headers: MsgHdrs, timeoutMs: number): Promise<number> {
    const token = String(++this.n);
    return new Promise((resolve, reject) => {
      this.waiting.set(token, { resolve, reject, deadline: Date.now() + timeoutMs });
      try {
        this.nc.publish(subject, payload, { reply: `${this.prefix}.${token}`, headers });
      } catch (err) {
        this.waiting.delete(token);
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  /** Stops listening; what still waits is rejected. */
  close(): void {
    clearInterval(this.sweeper);
    this.sub.unsubscribe();
    this.failAll(new Error('the publisher is closed'));
  }

  private answered(msg: Msg): void {
    const token = msg.subject.slice(this.prefix.length + 1);
    const w = this.waiting.get(token);
    if (!w) return;
    this.waiting.delete(token);
    if (msg.headers?.hasError) {
      const code = msg.headers.code;
      w.reject(new Error(code === 503 ? `JetStream did not answer (no responders for ${msg.subject})` : `JetStream publish failed: ${code} ${msg.headers.description}`));
      return;
    }
    let ack: { seq?: unknown; error?: { code?: number; description?: string } };
    try {
      ack = msg.json();
    } catch {
      w.reject(new Error(`JetStream answered a publish with something that is not a PubAck: ${msg.string().slice(0, 200)}`));
      return;
    }
    if (ack.error) w.reject(new Error(`JetStream refused a publish: ${ack.error.code ?? '?'} ${ack.error.description ?? ''}`));
    else if (typeof ack.seq === 'number') w.resolve(ack.seq);
    else w.reject(new Error(`JetStream answered a publish without a sequence: ${msg.string().slice(0, 200)}`));
  }

  private sweep(): void {
    const now = Date.now();
    for (const [token, w] of this.waiting) {
      if (w.deadline > now) continue;
      this.waiting.delete(token);
      w.reject(new Error('timed out waiting for JetStream to acknowledge a publish'));
    }
  }

  private failAll(err: Error): void {
    const all = [...this.waiting.values()];
    this.waiting.clear();
    for (const w of all) w.reject(err);
  }
}

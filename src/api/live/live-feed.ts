import type { FastifyReply } from 'fastify';
import type { LiveRouteOptions } from './live-route-options.ts';
import { ConnectorPoller } from './connector-poller.ts';
import { onExceptionNotice } from './exception-notices.ts';
import { LedgerWatcher } from './ledger-watcher.ts';
import { frameOf, type LiveNotice, MAX_KEYS_PER_NOTICE, type PositionKey } from './live-notice.ts';
import { scopedNotice } from './scoped-notice.ts';

/** One open stream: what its caller may see and how to write to it. */
export interface Subscriber {
  readonly scope: ReadonlySet<string> | null;
  readonly reply: FastifyReply;
  /** Writes one chunk; false once the stream is gone. */
  write(chunk: string): boolean;
  end(): void;
}

/** Where the notice sources send what they found. */
export interface NoticeSink {
  /** How many streams are open (sources skip work nobody would hear of). */
  readonly size: number;
  publish(n: LiveNotice): void;
  publishKeys(keys: readonly PositionKey[], truncated: boolean): void;
}

/**
 * The stream's engine: subscribers, and the notice sources that run only while someone listens —
 * the ledger head (new events → position and order notices), connector states, exception changes —
 * plus the heartbeat.
 */
export class LiveFeed implements NoticeSink {
  private readonly subscribers = new Set<Subscriber>();
  private nextId = 1;
  private timers: ReturnType<typeof setInterval>[] = [];
  private unsubscribe: (() => void)[] = [];
  private readonly ledger: LedgerWatcher;
  private readonly connectors: ConnectorPoller | null;

  constructor(
    private readonly opts: LiveRouteOptions,
    private readonly log: (err: unknown) => void,
  ) {
    this.ledger = new LedgerWatcher(opts.hub.store.db, this, log);
    this.connectors = opts.liveConnectors ? new ConnectorPoller(opts.hub, opts.liveConnectors, this) : null;
  }

  get size(): number {
    return this.subscribers.size;
  }

  add(s: Subscriber): void {
    this.subscribers.add(s);
    if (this.subscribers.size === 1) this.start();
  }

  remove(s: Subscriber): void {
    if (!this.subscribers.delete(s)) return;
    if (this.subscribers.size === 0) this.stop();
  }

  publish(n: LiveNotice): void {
    const id = this.nextId++;
    for (const s of this.subscribers) {
      const seen = scopedNotice(n, s.scope);
      if (seen && !s.write(frameOf(id, seen))) this.remove(s);
    }
  }

  publishKeys(keys: readonly PositionKey[], truncated: boolean): void {
    if (keys.length === 0 && !truncated) return;
    const at = new Date().toISOString();
    for (let i = 0; i < Math.max(keys.length, 1); i += MAX_KEYS_PER_NOTICE) {
      this.publish({ kind: 'positions', at, items: keys.slice(i, i + MAX_KEYS_PER_NOTICE), truncated });
    }
  }

  /** Ends every stream (the app is closing): clients reconnect to whoever serves next. */
  closeAll(): void {
    for (const s of [...this.subscribers]) {
      s.end();
      this.remove(s);
    }
  }

  private start(): void {
    const o = this.opts;
    this.ledger.reset();
    void this.ledger.check();
    this.timers.push(setInterval(() => void this.ledger.check(), o.ledgerPollMs ?? 1000));
    this.timers.push(
      setInterval(() => {
        const beat = `: heartbeat ${new Date().toISOString()}\n\n`;
        for (const s of this.subscribers) if (!s.write(beat)) this.remove(s);
      }, o.heartbeatMs ?? 15_000),
    );
    const connectors = this.connectors;
    if (connectors) {
      connectors.reset();
      void connectors.check().catch(this.log);
      this.timers.push(setInterval(() => void connectors.check().catch(this.log), o.connectorPollMs ?? 2000));
    }
    if (o.onApplied) this.unsubscribe.push(o.onApplied(() => void this.ledger.check()));
    this.unsubscribe.push(onExceptionNotice(o.hub, (n) => this.publish(n)));
    for (const t of this.timers) t.unref?.();
  }

  private stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    for (const u of this.unsubscribe) u();
    this.unsubscribe = [];
    this.ledger.reset();
  }
}

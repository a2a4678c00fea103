import type { ConnectorState, Dialect } from '../connector.ts';
import { describeError } from './connector-failure.ts';

/** A connector's state plus what the runtime measures beyond the shared interface. */
export interface ConnectorHealth extends ConnectorState {
  /** When the newest delivered message happened at the source. */
  readonly lastOccurredAt: string | null;
  /**
   * How far behind the source the hub is: the time between the newest delivered message
   * happening at the source and it being accepted. Null before the first message.
   */
  readonly lagMs: number | null;
  /** Failures in a row since the last success (0 when healthy). */
  readonly consecutiveFailures: number;
  /** When a connector that is backing off tries again. */
  readonly retryAt: string | null;
}

/**
 * Keeps one connector's health as the connector reports what happens. Pure bookkeeping over an
 * injected clock; persisting it (for `stockmesh connectors` in another process) is the job of a
 * `ConnectorStateStore`.
 */
export class StateTracker {
  private current: ConnectorHealth;
  private readonly now: () => Date;

  constructor(source: string, dialect: Dialect, now: () => Date) {
    this.now = now;
    this.current = {
      source,
      dialect,
      state: 'stopped',
      lastMessageAt: null,
      lastOccurredAt: null,
      lagMs: null,
      cursor: null,
      messages: 0,
      errors: 0,
      lastError: null,
      consecutiveFailures: 0,
      retryAt: null,
    };
  }

  state(): ConnectorHealth {
    return this.current;
  }

  starting(cursor: string | null = this.current.cursor): void {
    this.current = { ...this.current, state: 'starting', cursor };
  }

  /** A step succeeded (even with nothing new): the connector is healthy again. */
  running(): void {
    this.current = { ...this.current, state: 'running', consecutiveFailures: 0, retryAt: null };
  }

  stopped(): void {
    this.current = { ...this.current, state: 'stopped', retryAt: null };
  }

  /** Messages accepted by the sink; `occurredAt` are the source's times of what they carried. */
  delivered(messages: number, occurredAt: readonly string[] = [], cursor?: string | null): void {
    const at = this.now();
    const newest = occurredAt.reduce<number | null>((m, t) => {
      const v = Date.parse(t);
      return Number.isNaN(v) ? m : Math.max(m ?? v, v);
    }, null);
    this.current = {
      ...this.current,
      messages: this.current.messages + messages,
      lastMessageAt: messages > 0 ? at.toISOString() : this.current.lastMessageAt,
      lastOccurredAt: newest === null ? this.current.lastOccurredAt : new Date(newest).toISOString(),
      lagMs: newest === null ? this.current.lagMs : Math.max(0, at.getTime() - newest),
      cursor: cursor === undefined ? this.current.cursor : cursor,
    };
  }

  /** Something a connector refused or could not do; counted, the connector keeps going. */
  error(err: unknown): void {
    this.current = { ...this.current, errors: this.current.errors + 1, lastError: describeError(err) };
  }

  /** A step failed and the connector waits `retryInMs` before trying again. */
  backingOff(err: unknown, retryInMs: number): void {
    this.error(err);
    this.current = {
      ...this.current,
      state: 'backing-off',
      consecutiveFailures: this.current.consecutiveFailures + 1,
      retryAt: new Date(this.now().getTime() + retryInMs).toISOString(),
    };
  }

  /** The connector gave up (bad configuration): it needs a person. */
  failed(err: unknown): void {
    this.error(err);
    this.current = { ...this.current, state: 'failed', retryAt: null };
  }
}

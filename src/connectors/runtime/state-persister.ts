import type { ConnectorStateStore } from './state-store.ts';
import type { StateTracker } from './state-tracker.ts';

/**
 * Writes a tracker's state to a state store at most once per `everyMs` (busy connectors step
 * thousands of times a second), and always when asked to `flush` (start, stop).
 */
export class StatePersister {
  private lastAt = -Infinity;
  private readonly store: ConnectorStateStore | undefined;
  private readonly tracker: StateTracker;
  private readonly everyMs: number;
  private readonly now: () => Date;

  constructor(store: ConnectorStateStore | undefined, tracker: StateTracker, everyMs: number, now: () => Date) {
    this.store = store;
    this.tracker = tracker;
    this.everyMs = everyMs;
    this.now = now;
  }

  async maybe(): Promise<void> {
    if (!this.store) return;
    if (this.now().getTime() - this.lastAt < this.everyMs) return;
    await this.flush();
  }

  async flush(): Promise<void> {
    if (!this.store) return;
    this.lastAt = this.now().getTime();
    await this.store.save(this.tracker.state());
  }
}

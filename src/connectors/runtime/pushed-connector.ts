import type { Connector, Dialect } from '../connector.ts';
import type { ConnectorStateStore } from './state-store.ts';
import { StatePersister } from './state-persister.ts';
import { type ConnectorHealth, StateTracker } from './state-tracker.ts';

/**
 * The connector face of a source that pushes to the hub (signed webhooks, EPCIS capture): it runs
 * nothing — the hub's HTTP server receives the messages through the dialect's routes — it keeps the
 * source's health, which those routes update through `tracker`.
 */
export class PushedConnector implements Connector {
  readonly dialect: Dialect;
  readonly source: string;
  readonly tracker: StateTracker;
  private readonly persister: StatePersister;

  constructor(source: string, dialect: Dialect, opts: { now: () => Date; states?: ConnectorStateStore | undefined }) {
    this.source = source;
    this.dialect = dialect;
    this.tracker = new StateTracker(source, dialect, opts.now);
    this.persister = new StatePersister(opts.states, this.tracker, 1000, opts.now);
  }

  async start(): Promise<void> {
    this.tracker.running();
    await this.persister.flush();
  }

  async stop(): Promise<void> {
    this.tracker.stopped();
    await this.persister.flush();
  }

  /** Persists the health at most once a second; the routes call it after each message. */
  persist(): Promise<void> {
    return this.persister.maybe();
  }

  state(): ConnectorHealth {
    return this.tracker.state();
  }
}

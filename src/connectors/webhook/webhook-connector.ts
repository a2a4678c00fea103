import type { Connector } from '../connector.ts';
import { type ConnectorHealth, StatePersister, type ConnectorStateStore, StateTracker } from '../runtime/index.ts';

/**
 * The connector face of one pushing source: it does not run anything (the hub's HTTP server
 * receives the pushes through `webhookRoutes`), it keeps the source's health, which the routes
 * update through `tracker`.
 */
export class WebhookConnector implements Connector {
  readonly dialect = 'webhook' as const;
  readonly source: string;
  readonly tracker: StateTracker;
  private readonly persister: StatePersister;

  constructor(source: string, opts: { now: () => Date; states?: ConnectorStateStore | undefined }) {
    this.source = source;
    this.tracker = new StateTracker(source, 'webhook', opts.now);
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

  /** Persists the health at most once a second; call after deliveries. */
  persist(): Promise<void> {
    return this.persister.maybe();
  }

  state(): ConnectorHealth {
    return this.tracker.state();
  }
}

import type { Connector } from '../connector.ts';
import { type ConnectorHealth, type ConnectorStateStore, StatePersister, StateTracker } from '../runtime/index.ts';

/**
 * The connector face of one EPCIS capturing source (RFID portals, IoT gateways, a partner's EPCIS
 * repository): it runs nothing — the hub's HTTP server receives the documents through
 * `epcisCaptureRoutes` — it keeps the source's health, which the routes update through `tracker`.
 */
export class EpcisConnector implements Connector {
  readonly dialect = 'epcis' as const;
  readonly source: string;
  readonly tracker: StateTracker;
  private readonly persister: StatePersister;

  constructor(source: string, opts: { now: () => Date; states?: ConnectorStateStore | undefined }) {
    this.source = source;
    this.tracker = new StateTracker(source, 'epcis', opts.now);
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

  /** Persists the health at most once a second; the routes call it after each capture. */
  persist(): Promise<void> {
    return this.persister.maybe();
  }

  state(): ConnectorHealth {
    return this.tracker.state();
  }
}

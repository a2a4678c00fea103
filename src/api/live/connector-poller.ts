import type { ConnectorHealth } from '../../connectors/network/index.ts';
import type { Hub } from '../../hub/index.ts';
import type { NoticeSink } from './live-feed.ts';

/** Notice source: connector states, compared with the last poll; a change becomes a connector notice. */
export class ConnectorPoller {
  private states = new Map<string, string>();

  constructor(
    private readonly hub: Hub,
    private readonly live: () => readonly ConnectorHealth[],
    private readonly sink: NoticeSink,
  ) {}

  /** Forgets the states seen: the next poll only records them. */
  reset(): void {
    this.states = new Map();
  }

  async check(): Promise<void> {
    const changed = this.live().filter((c) => {
      const prev = this.states.get(c.source);
      this.states.set(c.source, c.state);
      return prev !== undefined && prev !== c.state;
    });
    if (changed.length === 0) return;
    // a source's warehouses decide who may hear of it
    const sources = (await this.hub.masterData.current()).data.sources;
    const at = new Date().toISOString();
    for (const c of changed) {
      const warehouses = sources.find((s) => s.id === c.source)?.warehouses ?? [];
      this.sink.publish({ kind: 'connector', at, source: c.source, state: c.state, warehouses: [...warehouses] });
    }
  }
}

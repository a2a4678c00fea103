import type { Store } from '../store/index.ts';
import type { Bus } from './bus.ts';
import { EmbeddedBus } from './embedded-bus.ts';
import { NatsBus } from './nats-bus.ts';

/** What picks and tunes the bus; `natsUrl` comes from NATS_URL (HubConfig has the same field). */
export interface BusConfig {
  /** NATS server URL; absent = the embedded bus in the store. */
  readonly natsUrl: string | undefined;
  /** JetStream stream name (default STOCKMESH). */
  readonly natsStream?: string | undefined;
  /** Subject prefix the stream holds (default `stockmesh`). */
  readonly subjectPrefix?: string | undefined;
  /** How often consumers (embedded) or the outbox relay (NATS) look for other processes' messages, ms. */
  readonly pollInterval?: number | undefined;
  readonly onError?: ((err: unknown) => void) | undefined;
}

/** NATS JetStream when `natsUrl` is set, else the embedded bus backed by `store`. The store stays the caller's to close. */
export async function openBus(config: BusConfig, store: Store): Promise<Bus> {
  if (config.natsUrl) {
    return NatsBus.open(store, {
      url: config.natsUrl,
      stream: config.natsStream,
      subjectPrefix: config.subjectPrefix,
      pollInterval: config.pollInterval,
      onError: config.onError,
    });
  }
  return new EmbeddedBus(store, { pollInterval: config.pollInterval, onError: config.onError });
}

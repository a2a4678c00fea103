import type { ConnectorHealth } from '../../connectors/network/index.ts';
import type { AppliedListener, Hub } from '../../hub/index.ts';

/** Where the stream learns of changes. Everything is optional: without a source its notices are not sent. */
export interface LiveRouteOptions {
  readonly hub: Hub;
  /** Committed ledger batches (the hub's `Inbound.onApplied`): checked at once instead of at the next poll. */
  readonly onApplied?: ((listener: AppliedListener) => () => void) | undefined;
  /** Live connector states, compared every `connectorPollMs` while someone listens. */
  readonly liveConnectors?: (() => readonly ConnectorHealth[]) | undefined;
  /** Comment line keeping proxies from closing an idle stream (default 15 s). */
  readonly heartbeatMs?: number | undefined;
  /** How often the ledger head is checked while someone listens (default 1 s; catches writes of other processes). */
  readonly ledgerPollMs?: number | undefined;
  /** Default 2 s. */
  readonly connectorPollMs?: number | undefined;
}

import type { InboundSink } from '../connector.ts';
import type { BackoffPolicy, ConnectorStateStore, CursorStore, RejectionLog, Sleep, WarehouseCodes } from '../runtime/index.ts';

/** Everything a REST-pull connector needs: its source, where to pull, where to put, the world. */
export interface RestPullOptions {
  readonly source: string;
  /** Base URL of the WMS API, e.g. `https://wms.sh.example.com`. */
  readonly baseUrl: string;
  readonly sink: InboundSink;
  readonly cursors: CursorStore;
  readonly rejections: RejectionLog;
  /** Persist health for `stockmesh connectors` (optional). */
  readonly states?: ConnectorStateStore | undefined;
  /** Extra request headers, e.g. `{ authorization: 'Bearer …' }`. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** WMS wh_code → hub warehouse id; absent = the WMS uses the hub's ids. */
  readonly warehouseCodes?: WarehouseCodes | undefined;
  /** Items per page (default 500). */
  readonly pageSize?: number | undefined;
  /** Wait after a page that left nothing more (default 1,000 ms). */
  readonly pollIntervalMs?: number | undefined;
  /** Per-request timeout (default 10,000 ms). */
  readonly requestTimeoutMs?: number | undefined;
  readonly backoff?: BackoffPolicy | undefined;
  /** Pull `GET /api/stock` once caught up after a sequence jump (default true). */
  readonly resyncOnGap?: boolean | undefined;
  /** Also pull a snapshot this often when caught up (default: only on a gap). */
  readonly snapshotEveryMs?: number | undefined;
  /** Attempts for a fulfilment request before giving up (default 5). */
  readonly sendAttempts?: number | undefined;
  readonly now?: (() => Date) | undefined;
  readonly sleep?: Sleep | undefined;
  readonly random?: (() => number) | undefined;
  readonly fetch?: typeof fetch | undefined;
}

/** Cursor stream names of this dialect. */
export const MOVEMENTS_STREAM = 'movements';

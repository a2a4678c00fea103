import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.ts';
import type { InboundSink } from '../connector.ts';
import type { EpcisCaptureOptions, EpcisSource } from '../epcis/index.ts';
import {
  type ConnectorHealth,
  describeError,
  type Sleep,
  storeConnectorStates,
  storeCursors,
  storeRejections,
  type WarehouseCodes,
} from '../runtime/index.ts';
import type { WebhookConnector, WebhookRoutesOptions, WebhookSecrets } from '../webhook/index.ts';
import { type BuiltConnector, buildConnector, type RunningConnector } from './build-connector.ts';
import type { ConnectorsConfig } from './connectors-config.ts';

/** What the connectors run on. */
export interface ConnectorDeps {
  /** The hub's store: cursors, rejections and connector states are kept there. */
  readonly db: Kysely<Database>;
  /** Where decoded messages go: `busSink(hub.bus)` when the hub serves. */
  readonly sink: InboundSink;
  readonly now?: (() => Date) | undefined;
  readonly fetch?: typeof fetch | undefined;
  readonly sleep?: Sleep | undefined;
  readonly random?: (() => number) | undefined;
  /** How often the health of pushing sources (webhook, EPCIS) is saved for `stockmesh connectors` (default 2,000 ms). */
  readonly persistEveryMs?: number | undefined;
}

/** The running connectors of a hub, and what its HTTP server needs to receive pushes. */
export interface RunningConnectors {
  readonly connectors: readonly RunningConnector[];
  /** Each webhook source's secret(s), for `webhookRoutes`. */
  readonly webhookSecrets: WebhookSecrets;
  /** Options of `webhookRoutes` (`POST /hooks/:source`) for the hub's app. */
  readonly webhooks: WebhookRoutesOptions;
  /** Each EPCIS source's token and mapping, for `epcisCaptureRoutes`. */
  readonly epcisSources: ReadonlyMap<string, EpcisSource>;
  /** Options of `epcisCaptureRoutes` (`POST /epcis/:source/capture`) for the hub's app. */
  readonly epcis: EpcisCaptureOptions;
  /** Live health of every connector. */
  states(): ConnectorHealth[];
  /** Stops every connector (each finishes the step in hand) and saves its state. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Builds and starts one connector per enabled source of `config`, each with the given sink and
 * the store-backed cursors, rejection log and state store. Pulling connectors (REST, file drop,
 * EDI folder) start polling at once; pushing ones (webhook, EPCIS) wait for the hub's HTTP
 * routes, which the caller registers with `webhooks` and `epcis`. A connector that cannot start
 * (an unwritable folder, the store down) stops the ones already started and fails the whole
 * start, naming the source: a hub should not run with half its network silently missing.
 */
export async function startConnectors(config: ConnectorsConfig, deps: ConnectorDeps): Promise<RunningConnectors> {
  const now = deps.now ?? (() => new Date());
  const rejections = storeRejections(deps.db);
  const ctx = {
    sink: deps.sink,
    cursors: storeCursors(deps.db, now),
    rejections,
    states: storeConnectorStates(deps.db, now),
    now,
    fetch: deps.fetch,
    sleep: deps.sleep,
    random: deps.random,
  };
  const built: BuiltConnector[] = config.sources.filter((s) => s.enabled !== false).map((s) => buildConnector(s, ctx));
  const started: RunningConnector[] = [];
  const stopAll = async (): Promise<void> => {
    for (const c of started.splice(0).reverse()) await c.stop().catch(() => undefined);
  };
  for (const b of built) {
    try {
      await b.connector.start();
      started.push(b.connector);
    } catch (err) {
      await stopAll();
      throw new Error(`connector ${b.connector.source} (${b.connector.dialect}) did not start: ${describeError(err)}`);
    }
  }

  const hooks = new Map<string, { connector: WebhookConnector; secrets: readonly string[]; warehouseCodes: WarehouseCodes | undefined }>();
  const epcisSources = new Map<string, EpcisSource>();
  for (const b of built) {
    if (b.kind === 'webhook') hooks.set(b.connector.source, { connector: b.connector, secrets: b.secrets, warehouseCodes: b.warehouseCodes });
    if (b.kind === 'epcis') epcisSources.set(b.connector.source, b.capture);
  }
  const pushing = built.flatMap((b) => (b.kind === 'pulling' ? [] : [b.connector]));
  const timer = pushing.length === 0 ? undefined : setInterval(() => {
    for (const c of pushing) void c.persist().catch(() => undefined);
  }, deps.persistEveryMs ?? 2000);
  timer?.unref();

  const webhookSecrets: WebhookSecrets = (source) => hooks.get(source)?.secrets;
  const recordRejection = (r: Parameters<typeof rejections.record>[0]) => rejections.record(r);
  let stopped = false;
  return {
    connectors: built.map((b) => b.connector),
    webhookSecrets,
    webhooks: {
      sink: deps.sink,
      secrets: webhookSecrets,
      now,
      recordRejection,
      toleranceSec: config.webhook.toleranceSec,
      warehouseCodes: (source) => hooks.get(source)?.warehouseCodes,
      connector: (source) => hooks.get(source)?.connector,
    },
    epcisSources,
    epcis: { sink: deps.sink, sources: epcisSources, now, recordRejection },
    states: () => built.map((b) => b.connector.state()),
    async stop() {
      if (stopped) return;
      stopped = true;
      if (timer) clearInterval(timer);
      await stopAll();
    },
  };
}

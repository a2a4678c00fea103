import type { Connector } from '../connector.ts';
import { EdiFolderConnector, type X12Party } from '../edi-x12/index.ts';
import { EpcisConnector, type EpcisSource, glnOf } from '../epcis/index.ts';
import { FileDropConnector } from '../file-drop/index.ts';
import { RestPullConnector } from '../rest-pull/index.ts';
import type { ConnectorHealth, ConnectorStateStore, CursorStore, RejectionLog, Sleep, WarehouseCodes } from '../runtime/index.ts';
import { WebhookConnector } from '../webhook/index.ts';
import type { InboundSink } from '../connector.ts';
import type { EdiX12SourceConfig, EpcisSourceConfig, SourceConfig } from './connectors-config.ts';

/** A connector whose health the runtime measures (every dialect's connector is one). */
export type RunningConnector = Omit<Connector, 'state'> & { state(): ConnectorHealth };

/** What every connector is built with: where messages go and the store-backed bookkeeping. */
export interface BuildContext {
  readonly sink: InboundSink;
  readonly cursors: CursorStore;
  readonly rejections: RejectionLog;
  readonly states: ConnectorStateStore;
  readonly now: () => Date;
  readonly fetch?: typeof fetch | undefined;
  readonly sleep?: Sleep | undefined;
  readonly random?: (() => number) | undefined;
}

/** One built connector, plus what the hub's HTTP routes need for the pushing dialects. */
export type BuiltConnector =
  | { readonly kind: 'pulling'; readonly connector: RunningConnector }
  | { readonly kind: 'webhook'; readonly connector: WebhookConnector; readonly secrets: readonly string[]; readonly warehouseCodes: WarehouseCodes | undefined }
  | { readonly kind: 'epcis'; readonly connector: EpcisConnector; readonly capture: EpcisSource };

/** Builds the connector of one configured source (not started). */
export function buildConnector(s: SourceConfig, ctx: BuildContext): BuiltConnector {
  const world = { now: ctx.now, sleep: ctx.sleep, random: ctx.random };
  const bookkeeping = { sink: ctx.sink, rejections: ctx.rejections, states: ctx.states };
  switch (s.dialect) {
    case 'rest-pull':
      return {
        kind: 'pulling',
        connector: new RestPullConnector({
          ...world,
          ...bookkeeping,
          source: s.source,
          baseUrl: s.baseUrl,
          cursors: ctx.cursors,
          headers: s.headers,
          warehouseCodes: s.warehouseCodes,
          pageSize: s.pageSize,
          pollIntervalMs: s.pollIntervalMs,
          requestTimeoutMs: s.requestTimeoutMs,
          snapshotEveryMs: s.snapshotEveryMs,
          resyncOnGap: s.resyncOnGap,
          backoff: s.backoff,
          fetch: ctx.fetch,
        }),
      };
    case 'file-drop':
      return {
        kind: 'pulling',
        connector: new FileDropConnector({
          ...world,
          ...bookkeeping,
          source: s.source,
          dir: s.dir,
          layouts: s.layouts,
          charset: s.charset,
          stableMs: s.stableMs,
          pollIntervalMs: s.pollIntervalMs,
          backoff: s.backoff,
        }),
      };
    case 'edi-x12':
      return { kind: 'pulling', connector: ediConnector(s, ctx) };
    case 'webhook':
      return {
        kind: 'webhook',
        connector: new WebhookConnector(s.source, { now: ctx.now, states: ctx.states }),
        secrets: s.secret,
        warehouseCodes: s.warehouseCodes,
      };
    case 'epcis': {
      const connector = new EpcisConnector(s.source, { now: ctx.now, states: ctx.states });
      return { kind: 'epcis', connector, capture: epcisSource(s, connector) };
    }
  }
}

function ediConnector(s: EdiX12SourceConfig, ctx: BuildContext): EdiFolderConnector {
  const parties = s.parties ?? {};
  const warehouseFor = (p: X12Party): string | undefined => parties[`${p.qualifier}:${p.id}`] ?? parties[p.id];
  const partyOf = new Map(Object.entries(parties).map(([code, warehouse]) => [warehouse, code]));
  return new EdiFolderConnector({
    source: s.source,
    inbox: s.inbox,
    outbox: s.outbox,
    hub: s.hub,
    partner: s.partner,
    sink: ctx.sink,
    rejections: ctx.rejections,
    cursors: ctx.cursors,
    states: ctx.states,
    decode: {
      warehouseFor,
      defaultWarehouse: s.defaultWarehouse,
      utcOffset: s.utcOffset,
      productQualifiers: s.productQualifiers,
      receiptsFromInTransit: s.receiptsFromInTransit,
      sequenceFromControlNumber: s.sequenceFromControlNumber,
    },
    warehouseParty: (warehouse) => {
      const code = partyOf.get(warehouse);
      if (code === undefined) return undefined;
      const [qualifier, id] = code.includes(':') ? (code.split(':', 2) as [string, string]) : ['91', code];
      return { name: warehouse, qualifier, id };
    },
    checkIds: s.checkIds,
    usage: s.usage,
    stableMs: s.stableMs,
    pollIntervalMs: s.pollIntervalMs,
    backoff: s.backoff,
    now: ctx.now,
    sleep: ctx.sleep,
    random: ctx.random,
  });
}

/** The capture options of an EPCIS source: a location is found by its exact id, else by its GLN (± extension). */
function epcisSource(s: EpcisSourceConfig, connector: EpcisConnector): EpcisSource {
  const locations = s.locations;
  const warehouseFor = (id: string): string | undefined => {
    if (Object.hasOwn(locations, id)) return locations[id];
    const g = glnOf(id);
    if (g === undefined) return undefined;
    const withExt = g.extension === undefined ? undefined : `${g.gln}.${g.extension}`;
    if (withExt !== undefined && Object.hasOwn(locations, withExt)) return locations[withExt];
    return Object.hasOwn(locations, g.gln) ? locations[g.gln] : undefined;
  };
  return {
    token: s.token,
    connector,
    warehouseFor,
    receiptsFromInTransit: s.receiptsFromInTransit,
    bizSteps: s.bizSteps,
    dispositions: s.dispositions,
  };
}

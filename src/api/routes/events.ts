import type { FastifyPluginAsync } from 'fastify';
import { recordAudit } from '../../audit/index.ts';
import { type Problem, StockmeshError } from '../../domain/index.ts';
import type { EventResult } from '../../ledger/index.ts';
import { problemSchema } from '../problem-details.ts';
import { actorOf, assertMaySubmitFor } from '../request-scope.ts';
import type { RouteDeps } from '../route-deps.ts';

/** Most events in one `POST /api/events` (the 1 MiB body limit usually binds first). */
export const MAX_EVENTS_PER_REQUEST = 5000;

const problemItem = {
  type: 'object',
  required: ['code', 'message'],
  properties: { code: { type: 'string' }, message: { type: 'string' }, where: { type: 'string' } },
} as const;

const resultSchema = {
  type: 'object',
  required: ['applied', 'duplicate', 'rejected', 'items'],
  properties: {
    applied: { type: 'integer' },
    duplicate: { type: 'integer' },
    rejected: { type: 'integer' },
    items: {
      type: 'array',
      description: 'one per event sent, in the same order',
      items: {
        type: 'object',
        required: ['index', 'id', 'outcome'],
        properties: {
          index: { type: 'integer' },
          id: { type: ['string', 'null'] },
          outcome: { type: 'string', enum: ['applied', 'duplicate', 'rejected'] },
          chainSeq: { type: 'integer', description: 'place in the ledger (applied)' },
          deadLetter: { type: 'boolean', description: 'rejected and kept as a dead letter (false: refused before the ledger, nothing recorded)' },
          problems: { type: 'array', items: problemItem },
        },
      },
    },
  },
} as const;

const field = (raw: unknown, k: string): string | undefined => {
  const v = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>)[k] : undefined;
  return typeof v === 'string' ? v : undefined;
};

interface ItemResult {
  readonly index: number;
  readonly id: string | null;
  readonly outcome: EventResult['outcome'];
  readonly chainSeq?: number;
  readonly deadLetter?: boolean;
  readonly problems?: readonly Problem[];
}

/**
 * `POST /api/events`: a batch of inbound events (docs/event-format.md) through the hub's ledger
 * write path. Answers per event, in order — applied, duplicate, or rejected with its problems —
 * and never fails whole for one bad event. Events the caller may not push (another source or a
 * warehouse outside its scope) are refused before the ledger and recorded nowhere; every other
 * rejection is kept as a dead letter like any inbound event.
 */
export const eventRoutes: FastifyPluginAsync<RouteDeps> = async (app, { hub }) => {
  app.post<{ Body: unknown[] }>(
    '/api/events',
    {
      config: { permission: 'events:ingest' },
      schema: {
        summary: 'Ingest a batch of inventory events',
        description: `A JSON array of inbound events (docs/event-format.md), at most ${MAX_EVENTS_PER_REQUEST} and 1 MiB. Each is answered on its own: applied, duplicate (same id and content again) or rejected with its problems (kept as a dead letter). A connector account may push only for its own source and warehouses.`,
        body: { type: 'array', minItems: 1, maxItems: MAX_EVENTS_PER_REQUEST, items: {} },
        response: { 200: resultSchema, '4xx': problemSchema, '5xx': problemSchema },
      },
    },
    async (req) => {
      const events = req.body;
      const results: (ItemResult | undefined)[] = new Array(events.length);
      const accepted: { index: number; raw: unknown }[] = [];
      events.forEach((raw, index) => {
        try {
          assertMaySubmitFor(req, field(raw, 'source') ?? '', field(raw, 'warehouse') ?? '', `[${index}]`);
          accepted.push({ index, raw });
        } catch (err) {
          if (!(err instanceof StockmeshError)) throw err;
          results[index] = { index, id: field(raw, 'id') ?? null, outcome: 'rejected', deadLetter: false, problems: err.problems };
        }
      });
      const actor = actorOf(req);
      const ingested = await hub.ingestor.ingest(accepted.map(({ index, raw }) => ({ raw, location: `api:${actor}#${index}` })));
      ingested.forEach((r, j) => {
        const { index } = accepted[j] as { index: number };
        results[index] = {
          index,
          id: r.id,
          outcome: r.outcome,
          ...(r.chainSeq !== undefined ? { chainSeq: r.chainSeq } : {}),
          ...(r.outcome === 'rejected' ? { deadLetter: true, problems: r.problems ?? [] } : {}),
        };
      });
      const items = results as ItemResult[];
      const count = (o: EventResult['outcome']) => items.filter((i) => i.outcome === o).length;
      const summary = { applied: count('applied'), duplicate: count('duplicate'), rejected: count('rejected') };
      const appliedIds = items.filter((i) => i.outcome === 'applied').map((i) => i.id);
      if (summary.applied + summary.rejected > 0) {
        await recordAudit(hub.store.db, {
          actor,
          via: 'api',
          action: 'events.ingest',
          target: { kind: 'events', id: String(req.id) },
          // The ledger holds every applied event itself (hash-chained); the trail names who sent which.
          after: { ...summary, applied_ids: appliedIds.slice(0, 1000), more: Math.max(0, appliedIds.length - 1000) },
          requestId: String(req.id),
        });
      }
      return { ...summary, items };
    },
  );
};

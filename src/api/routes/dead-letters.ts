import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { recordAudit } from '../../audit/index.ts';
import { problem, StockmeshError } from '../../domain/index.ts';
import { type DeadLetter, discardDeadLetter, findDeadLetter, replayDeadLetters } from '../../ledger/index.ts';
import { problemSchema } from '../problem-details.ts';
import { actorOf, sourceVisible, warehouseScope } from '../request-scope.ts';
import type { RouteDeps } from '../route-deps.ts';

const nullableString = { type: ['string', 'null'] } as const;

export const deadLetterSchema = {
  type: 'object',
  required: ['id', 'kind', 'eventId', 'source', 'code', 'reason', 'location', 'payload', 'attempts', 'state', 'firstSeenAt', 'lastSeenAt'],
  properties: {
    id: { type: 'string' },
    kind: { type: 'string', enum: ['event', 'snapshot'] },
    eventId: nullableString,
    source: nullableString,
    code: { type: 'string' },
    reason: { type: 'string' },
    location: nullableString,
    payload: { type: 'string', description: 'the input exactly as received' },
    attempts: { type: 'integer' },
    state: { type: 'string', enum: ['pending', 'resolved', 'superseded', 'discarded'] },
    firstSeenAt: { type: 'string' },
    lastSeenAt: { type: 'string' },
  },
} as const;

const params = { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'string', minLength: 1, maxLength: 200 } } } as const;

/** The warehouse a dead letter's payload names (events and snapshots both carry `warehouse`), if readable. */
function warehouseOf(d: DeadLetter): string | null {
  try {
    const w = (JSON.parse(d.payload) as { warehouse?: unknown } | null)?.warehouse;
    return typeof w === 'string' ? w : null;
  } catch {
    return null;
  }
}

/**
 * The dead letter `id` if the caller may see it: a warehouse-scoped caller sees those of the
 * sources it may see (as `GET /api/dead-letters` lists them); anything else is NOT_FOUND (ids are
 * not probeable).
 */
async function visibleDeadLetter(req: FastifyRequest, deps: RouteDeps, id: string): Promise<DeadLetter> {
  const d = await findDeadLetter(deps.hub.store.db, id);
  let visible = d !== undefined;
  if (d && warehouseScope(req) !== null) {
    const md = await deps.hub.masterData.current();
    visible = d.source !== null && sourceVisible(req, md.source(d.source)?.warehouses ?? []);
  }
  if (!d || !visible) {
    throw new StockmeshError('NOT_FOUND', `no dead letter "${id}"`, [problem('NOT_FOUND', `no dead letter "${id}"`, 'id')]);
  }
  return d;
}

const closed = (d: DeadLetter) => {
  const msg = `dead letter "${d.id}" is ${d.state}, not pending`;
  return new StockmeshError('DEAD_LETTER_CLOSED', msg, [problem('DEAD_LETTER_CLOSED', msg, 'id')]);
};

/** Replay or discard one dead letter (permission `events:replay`). */
export const deadLetterRoutes: FastifyPluginAsync<RouteDeps> = async (app, deps) => {
  const { hub } = deps;
  app.post<{ Params: { id: string } }>(
    '/api/dead-letters/:id/replay',
    {
      config: { permission: 'events:replay' },
      schema: {
        summary: 'Replay one dead letter',
        description:
          'Feeds the pending dead letter through the ingest path again (after master data or the source was fixed). `outcome` is `resolved` when it now applies or was already recorded, else `still_failing` with the new reason in the dead letter (one more attempt counted).',
        params,
        response: {
          200: {
            type: 'object',
            required: ['outcome', 'deadLetter'],
            properties: { outcome: { type: 'string', enum: ['resolved', 'still_failing'] }, deadLetter: deadLetterSchema },
          },
          '4xx': problemSchema,
          '5xx': problemSchema,
        },
      },
    },
    async (req) => {
      const before = await visibleDeadLetter(req, deps, req.params.id);
      if (before.state !== 'pending') throw closed(before);
      const report = await replayDeadLetters(hub.store, hub.ingestor, hub.masterData, { ids: [before.id] });
      const after = (await findDeadLetter(hub.store.db, before.id)) ?? before;
      const outcome = report.resolved > 0 || after.state !== 'pending' ? 'resolved' : 'still_failing';
      await recordAudit(hub.store.db, {
        actor: actorOf(req),
        via: 'api',
        action: 'deadletter.replay',
        target: { kind: 'dead_letter', id: before.id },
        warehouse: warehouseOf(before),
        before: { state: before.state, attempts: before.attempts, reason: before.reason },
        after: { state: after.state, attempts: after.attempts, reason: after.reason },
        requestId: String(req.id),
      });
      return { outcome, deadLetter: after };
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/dead-letters/:id/discard',
    {
      config: { permission: 'events:replay' },
      schema: {
        summary: 'Discard one dead letter',
        description: 'Marks the pending dead letter `discarded`: it is kept (with its payload and reason) but never replayed.',
        params,
        response: { 200: deadLetterSchema, '4xx': problemSchema, '5xx': problemSchema },
      },
    },
    async (req) => {
      const before = await visibleDeadLetter(req, deps, req.params.id);
      if (before.state !== 'pending' || !(await discardDeadLetter(hub.store.db, before.id, new Date()))) throw closed((await findDeadLetter(hub.store.db, before.id)) ?? before);
      const after = (await findDeadLetter(hub.store.db, before.id)) ?? before;
      await recordAudit(hub.store.db, {
        actor: actorOf(req),
        via: 'api',
        action: 'deadletter.discard',
        target: { kind: 'dead_letter', id: before.id },
        warehouse: warehouseOf(before),
        before: { state: before.state },
        after: { state: after.state },
        requestId: String(req.id),
      });
      return after;
    },
  );
};

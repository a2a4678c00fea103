import type { FastifyPluginAsync } from 'fastify';
import { sql } from 'kysely';
import type { Hub } from '../../hub/index.ts';
import { problemSchema } from '../problem-details.ts';
import type { RouteDeps } from '../route-deps.ts';

/** How long the store may take to answer a readiness probe before the hub is reported not ready. */
const READY_TIMEOUT_MS = 2000;

/** Null when the store answers a query in time, else why not. */
async function storeProblem(hub: Hub): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`the ${hub.store.dialect} store did not answer within ${READY_TIMEOUT_MS} ms`), READY_TIMEOUT_MS);
  });
  const query = sql<{ ok: number }>`select 1 as ok`
    .execute(hub.store.db)
    .then(() => null)
    .catch((err: unknown) => `the ${hub.store.dialect} store failed: ${err instanceof Error ? err.message : String(err)}`);
  try {
    return await Promise.race([query, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Liveness and readiness probes. `/healthz` answers while the process runs (no I/O); `/readyz`
 * answers 200 only when the store answers a query, else 503 with the reason.
 */
export const healthRoutes: FastifyPluginAsync<RouteDeps> = async (app, { hub }) => {
  app.get(
    '/healthz',
    {
      config: { permission: 'public' },
      // The process is alive.
      schema: {
        summary: 'Liveness: the process runs',
        querystring: { type: 'object', additionalProperties: false, properties: {} },
        response: {
          200: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['ok'] } } },
          '4xx': problemSchema,
        },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: { permission: 'public' },
      // The hub can serve requests: its store answers.
      schema: {
        summary: 'Readiness: the store answers',
        querystring: { type: 'object', additionalProperties: false, properties: {} },
        response: {
          200: {
            type: 'object',
            required: ['status', 'store'],
            properties: { status: { type: 'string', enum: ['ready'] }, store: { type: 'string' } },
          },
          503: {
            type: 'object',
            required: ['status', 'reason'],
            properties: { status: { type: 'string', enum: ['unavailable'] }, reason: { type: 'string' } },
          },
          '4xx': problemSchema,
        },
      },
    },
    async (_request, reply) => {
      const reason = await storeProblem(hub);
      if (reason !== null) return reply.code(503).send({ status: 'unavailable', reason });
      return { status: 'ready', store: hub.store.dialect };
    },
  );
};

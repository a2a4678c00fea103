import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problemSchema } from '../problem-details.ts';
import { warehouseScope } from '../request-scope.ts';
import type { LiveFeed, Subscriber } from './live-feed.ts';

/** A subscriber whose unsent output grows past this is too slow and is disconnected (it reconnects and refetches). */
const MAX_BUFFERED = 4 * 1024 * 1024;

/**
 * `GET /api/live`: opens a Server-Sent Events connection, sends `ready` and joins the caller (with
 * their warehouse scope) to the feed until either side closes.
 */
export function registerStreamRoute(app: FastifyInstance, feed: LiveFeed): void {
  app.get(
    '/api/live',
    {
      config: { permission: 'inventory:read' },
      schema: {
        summary: 'Live change notices (Server-Sent Events)',
        description:
          'A text/event-stream of small notices — `positions`, `exception`, `order`, `connector` — naming what changed (never figures), limited to the caller\'s warehouses; `ready` first, a comment heartbeat every 15 s. See docs/dashboard.md.',
        querystring: { type: 'object', additionalProperties: false, properties: {} },
        produces: ['text/event-stream'],
        response: {
          200: {
            description: 'An endless text/event-stream (docs/dashboard.md, "Live updates")',
            content: { 'text/event-stream': { schema: { type: 'string', description: 'SSE frames: `id:`, `event:` (ready, positions, exception, order, connector), one `data:` line of JSON; `: heartbeat` comments' } } },
          },
          '4xx': problemSchema,
          '5xx': problemSchema,
        },
      },
    },
    async (req: FastifyRequest, reply: FastifyReply) => {
      const scope = warehouseScope(req);
      const raw = reply.raw;
      reply.hijack();
      const headers: Record<string, string | number | string[]> = {};
      for (const [k, v] of Object.entries(reply.getHeaders())) if (v !== undefined) headers[k] = v;
      raw.writeHead(200, {
        ...headers,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      let open = true;
      const sub: Subscriber = {
        scope,
        reply,
        write(chunk) {
          if (!open || raw.destroyed || raw.writableEnded) return false;
          if (raw.writableLength > MAX_BUFFERED) {
            raw.destroy();
            return false;
          }
          raw.write(chunk);
          return true;
        },
        end() {
          if (!open) return;
          open = false;
          raw.end();
        },
      };
      sub.write(`retry: 2000\n\nevent: ready\ndata: ${JSON.stringify({ at: new Date().toISOString(), warehouses: scope ? [...scope].sort() : null })}\n\n`);
      const cleanup = (): void => {
        open = false;
        feed.remove(sub);
      };
      req.raw.on('close', cleanup);
      raw.on('close', cleanup);
      raw.on('error', cleanup);
      feed.add(sub);
    },
  );
}

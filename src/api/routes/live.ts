import type { FastifyPluginAsync } from 'fastify';
import { changesInAnswer } from '../live/changes-in-answer.ts';
import { registerFlowsRoute } from '../live/flows-route.ts';
import { LiveFeed } from '../live/live-feed.ts';
import type { LiveRouteOptions } from '../live/live-route-options.ts';
import { registerStreamRoute } from '../live/stream-route.ts';

/**
 * `GET /api/live`: Server-Sent Events telling the dashboard what changed, so it refetches only
 * that (docs/dashboard.md, "Live updates"). Notices are small — names, never figures: the numbers
 * always come from the API, through the same permission and scope checks as any other read.
 * The pieces live in src/api/live/: the stream connection, the feed and its notice sources
 * (ledger head, connector states, exception changes), scope filtering, and the flows route.
 */

export { changesInAnswer } from '../live/changes-in-answer.ts';
export type { LiveRouteOptions } from '../live/live-route-options.ts';
export { frameOf, type LiveNotice, MAX_KEYS_PER_NOTICE, type PositionKey } from '../live/live-notice.ts';
export { scopedNotice } from '../live/scoped-notice.ts';
export { type TransferFlow, transferFlows } from '../live/transfer-flows.ts';

/** Routes whose successful answers name changed orders and holds (submit, cancel, override, release). */
const ORDER_WRITES = /^\/api\/(orders|holds)(\/|$)/;

/**
 * The live stream plugin. It is registered without encapsulation (`skip-override`) so its
 * onSend hook sees the order and hold routes registered after it: a submitted or cancelled order
 * moves holds, which the ledger does not record.
 */
export const liveRoutes: FastifyPluginAsync<LiveRouteOptions> = async (app, opts) => {
  const feed = new LiveFeed(opts, (err) => app.log.warn({ err }, 'live stream: reading the ledger failed'));

  app.addHook('onSend', async (req, reply, payload) => {
    if (req.method === 'POST' && reply.statusCode < 300 && feed.size > 0 && typeof payload === 'string' && ORDER_WRITES.test(req.url)) {
      try {
        const { orders, keys } = changesInAnswer(JSON.parse(payload));
        const at = new Date().toISOString();
        for (const o of orders) feed.publish({ kind: 'order', at, id: o.id, warehouses: o.warehouses });
        feed.publishKeys(keys, false);
      } catch {
        // not JSON: nothing to tell
      }
    }
    return payload;
  });
  app.addHook('preClose', async () => feed.closeAll());

  registerFlowsRoute(app, opts.hub);
  registerStreamRoute(app, feed);
};
(liveRoutes as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;

import Fastify, { type FastifyInstance } from 'fastify';
import { epcisCaptureRoutes, type EpcisCaptureOptions } from '../connectors/epcis/index.ts';
import type { ConnectorHealth } from '../connectors/network/index.ts';
import { webhookRoutes, type WebhookRoutesOptions } from '../connectors/webhook/index.ts';
import type { Hub } from '../hub/index.ts';
import { AuthService, LoginLimiter } from '../auth/index.ts';
import { type AuthOptions, installAuth } from './auth-plugin.ts';
import { authRoutes } from './routes/auth.ts';
import { keyRoutes } from './routes/keys.ts';
import { userRoutes } from './routes/users.ts';
import { errorHandler, notFoundHandler } from './problem-details.ts';
import { connectorRoutes } from './routes/connectors.ts';
import { healthRoutes } from './routes/health.ts';
import { liveRoutes } from './routes/live.ts';
import { webStaticRoutes } from './web-static.ts';
import type { AppliedListener } from '../hub/index.ts';
import { inventoryRoutes } from './routes/inventory.ts';
import { ledgerRoutes } from './routes/ledger.ts';
import { auditRoutes } from './routes/audit.ts';
import { masterDataRoutes } from './routes/master-data.ts';
import { driftRoutes } from './routes/drift.ts';
import { OrderService } from '../orders/index.ts';
import { registerMetrics } from './metrics.ts';
import { registerOpenApi } from './openapi.ts';
import { deadLetterRoutes } from './routes/dead-letters.ts';
import { eventRoutes } from './routes/events.ts';
import { holdRoutes } from './routes/holds.ts';
import { orderActionRoutes } from './routes/order-actions.ts';
import { orderRoutes } from './routes/orders.ts';
import { sourceRoutes } from './routes/sources.ts';
import { exceptionRoutes } from './routes/exceptions.ts';
import { kpiRoutes } from './routes/kpis.ts';

/** Largest request body accepted (1 MiB); larger ones get 413 problem+json. */
export const BODY_LIMIT = 1024 * 1024;

export interface AppDeps {
  readonly hub: Hub;
  /** Log requests and errors (pino, JSON lines on stdout). Default off. */
  readonly logger?: boolean;
  /** Log level when `logger` is on (default 'info'). */
  readonly logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
  /** Receive signed webhook pushes (`POST /hooks/:source`): the running connectors' options. */
  readonly webhooks?: WebhookRoutesOptions | undefined;
  /** Receive EPCIS captures (`POST /epcis/:source/capture`): the running connectors' options. */
  readonly epcis?: EpcisCaptureOptions | undefined;
  /** Live health of the running connectors, for `GET /api/connectors`. */
  readonly liveConnectors?: (() => readonly ConnectorHealth[]) | undefined;
  /** Committed ledger batches (the running hub's `Inbound.onApplied`): the live stream reacts at once. */
  readonly onApplied?: ((listener: AppliedListener) => () => void) | undefined;
  /** The dashboard: its built folder (default web/dist), or false to serve the API only. */
  readonly web?: { readonly root?: string } | false | undefined;
  /** The hub's order service (shared with its backorder and hold-expiry hooks); one is made when absent. */
  readonly orders?: OrderService | undefined;
  /** Sessions and sign-in limits (docs/auth.md); defaults: 12 h sliding sessions, Secure cookies behind https. */
  readonly auth?: AuthOptions | undefined;
}

/**
 * The HTTP API: one plugin per area, every route with JSON Schema for its querystring and answers,
 * one error handler turning errors into RFC 9457 problem+json. The caller owns the hub: closing
 * the app does not close it. Query parameters are validated strictly: an unknown parameter is a
 * 400, not silently ignored (a typo must not widen a query).
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ? { level: deps.logLevel ?? 'info' } : false,
    bodyLimit: BODY_LIMIT,
    ajv: { customOptions: { removeAdditional: false, allErrors: true, allowUnionTypes: true } },
  });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  // Authentication first: its hooks see every route and every request (docs/auth.md).
  const auth = new AuthService({ db: deps.hub.store.db, readDb: deps.hub.store.readDb, masterData: deps.hub.masterData, sessionTtlMs: deps.auth?.sessionTtlMs });
  await installAuth(app, auth);
  // The document and metrics first: both see every route added after them.
  await registerOpenApi(app);
  const orders = deps.orders ?? new OrderService({ store: deps.hub.store, masterData: deps.hub.masterData });
  registerMetrics(app, deps.hub, orders);
  const opts = { hub: deps.hub };
  await app.register(healthRoutes, opts);
  // Before the order routes: its onSend hook tells the stream of order and hold changes.
  await app.register(liveRoutes, { hub: deps.hub, onApplied: deps.onApplied, liveConnectors: deps.liveConnectors });
  await app.register(authRoutes, { limiter: new LoginLimiter(deps.auth?.loginLimits), secureCookies: deps.auth?.secureCookies });
  await app.register(userRoutes);
  await app.register(keyRoutes);
  await app.register(inventoryRoutes, opts);
  await app.register(sourceRoutes, opts);
  await app.register(ledgerRoutes, opts);
  await app.register(masterDataRoutes, opts);
  await app.register(auditRoutes, opts);
  await app.register(driftRoutes, opts);
  await app.register(orderRoutes({ orders }), opts);
  await app.register(orderActionRoutes({ orders }), opts);
  await app.register(holdRoutes({ orders }), opts);
  await app.register(eventRoutes, opts);
  await app.register(deadLetterRoutes, opts);
  await app.register(connectorRoutes, { ...opts, liveConnectors: deps.liveConnectors });
  await app.register(exceptionRoutes, opts);
  await app.register(kpiRoutes, opts);
  if (deps.webhooks) await app.register(webhookRoutes(deps.webhooks));
  if (deps.epcis) await app.register(epcisCaptureRoutes(deps.epcis));
  if (deps.web !== false) await app.register(webStaticRoutes, { root: deps.web?.root });
  await app.ready();
  return app;
}

import { readFileSync } from 'node:fs';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyPluginAsync, FastifySchema, RouteOptions } from 'fastify';
import { SESSION_COOKIE } from './auth-plugin.ts';
import { problemSchema } from './problem-details.ts';

/**
 * The OpenAPI 3.1 document of the API, generated from the routes' own JSON Schemas (so it can never
 * drift from what the routes validate), served at `GET /openapi.json`, and browsable at `/docs`.
 *
 * What it adds to each operation (the routes declare only `summary` and their schemas):
 * - `tags`: the area of the API, from the route's path (one tag per operation, see TAGS);
 * - `x-permission`: the route's `config.permission`; `security` is empty for public routes and
 *   "API key or session cookie" otherwise, and the description says which permission is needed;
 * - problem responses: every 4XX/5XX answer refers to the one shared `Problem` schema under
 *   `application/problem+json`, and protected operations also list 401 and 403.
 *
 * Must be registered before the route plugins: it collects routes as they are added.
 */


/** The areas of the API, in the order the docs show them; each operation carries exactly one. */
export const TAGS = [
  { name: 'health', description: 'Liveness and readiness probes' },
  { name: 'auth', description: 'Sign-in, sessions, users and API keys' },
  { name: 'inventory', description: 'The global view: positions, lots and available-to-promise' },
  { name: 'events', description: 'Inbound events: batch ingest, sources, sequence gaps, dead letters, the ledger' },
  { name: 'orders', description: 'Orders, allocation overrides, holds and backorders' },
  { name: 'masterdata', description: 'Warehouses, SKUs, aliases, units and status maps, with their owners' },
  { name: 'connectors', description: 'Connector state and the inbound endpoints of pushing WMSs (webhooks, EPCIS)' },
  { name: 'exceptions', description: 'Exceptions and their workflow' },
  { name: 'kpis', description: 'Key performance indicators' },
  { name: 'live', description: 'Live updates for the dashboard' },
  { name: 'audit', description: 'The hash-chained audit trail' },
  { name: 'monitoring', description: 'Prometheus metrics' },
] as const;

export type Tag = (typeof TAGS)[number]['name'];

/** Path prefix → tag; the longest matching prefix wins. */
const PREFIXES: readonly (readonly [string, Tag])[] = [
  ['/healthz', 'health'],
  ['/readyz', 'health'],
  ['/metrics', 'monitoring'],
  ['/api/auth', 'auth'],
  ['/api/session', 'auth'],
  ['/api/login', 'auth'],
  ['/api/logout', 'auth'],
  ['/api/me', 'auth'],
  ['/api/users', 'auth'],
  ['/api/keys', 'auth'],
  ['/api/inventory', 'inventory'],
  ['/api/events', 'events'],
  ['/api/sources', 'events'],
  ['/api/gaps', 'events'],
  ['/api/dead-letters', 'events'],
  ['/api/ledger', 'events'],
  ['/api/drift', 'events'],
  ['/api/orders', 'orders'],
  ['/api/holds', 'orders'],
  ['/api/backorders', 'orders'],
  ['/api/allocation', 'orders'],
  ['/api/master-data', 'masterdata'],
  ['/api/masterdata', 'masterdata'],
  ['/api/warehouses', 'masterdata'],
  ['/api/skus', 'masterdata'],
  ['/api/owners', 'masterdata'],
  ['/api/connectors', 'connectors'],
  ['/hooks', 'connectors'],
  ['/epcis', 'connectors'],
  ['/api/exceptions', 'exceptions'],
  ['/api/exception-owners', 'exceptions'],
  ['/api/live', 'live'],
  ['/api/kpis', 'kpis'],
  ['/api/kpi', 'kpis'],
  ['/api/audit', 'audit'],
];

/** The tag of a path (by its area), or undefined when no area claims it. */
export function tagOf(url: string): Tag | undefined {
  let best: readonly [string, Tag] | undefined;
  for (const p of PREFIXES) {
    const [prefix] = p;
    if ((url === prefix || url.startsWith(`${prefix}/`) || url.startsWith(`${prefix}?`)) && (!best || prefix.length > best[0].length)) best = p;
  }
  return best?.[1];
}

/** One route as the app registered it (HEAD twins of GET routes left out). */
export interface RouteEntry {
  readonly method: string;
  readonly url: string;
  readonly permission: string | undefined;
  readonly schema: FastifySchema | undefined;
  /** Hidden from the document (the /docs UI's own files and /openapi.json itself). */
  readonly hidden: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Every route of the app with its permission and schema, collected as routes are added (the
     * route table that the OpenAPI document, the permission matrix and the route tests read).
     */
    readonly routeTable: RouteEntry[];
  }
}

interface PackageInfo {
  readonly name: string;
  readonly version: string;
  readonly description?: string;
}

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as PackageInfo;

const isHidden = (schema: FastifySchema | undefined): boolean => (schema as { hide?: boolean } | undefined)?.hide === true;

type Json = Record<string, unknown>;

const isProblemSchema = (s: unknown): boolean => {
  const req = (s as { required?: unknown } | null)?.required;
  return Array.isArray(req) && ['type', 'title', 'status', 'detail', 'problems'].every((k) => req.includes(k));
};

const problemResponse = (description: string): Json => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** Rewrites every problem answer of an operation to the shared schema; adds 401/403 when protected. */
function shapeResponses(op: Json): void {
  const responses = (op.responses ?? {}) as Record<string, Json>;
  for (const [status, r] of Object.entries(responses)) {
    if (!/^[45]/.test(status)) continue;
    const content = (r.content ?? {}) as Record<string, { schema?: unknown }>;
    const schemas = Object.values(content).map((c) => c.schema);
    if (schemas.length > 0 && schemas.every(isProblemSchema)) {
      const description = typeof r.description === 'string' && r.description !== 'Default Response' ? r.description : /^4/.test(status) ? 'The request was refused (problem details)' : 'The hub failed (problem details)';
      responses[status] = problemResponse(description);
    }
  }
  const hasClientError = Object.keys(responses).some((s) => /^4/.test(s));
  if (!hasClientError) responses['4XX'] = problemResponse('The request was refused (problem details)');
  if (Array.isArray(op.security) && op.security.length > 0) {
    responses['401'] ??= problemResponse('No credentials, or credentials that are wrong, expired or revoked');
    responses['403'] ??= problemResponse('The caller lacks the permission this operation requires');
  }
  op.responses = responses;
}

/** The document's per-operation additions: tag, permission, security (see the file comment). */
function transform({ schema, url, route }: { schema: FastifySchema; url: string; route: RouteOptions }): { schema: FastifySchema; url: string } {
  const s = { ...(schema ?? {}) } as FastifySchema & Json;
  const permission = route.config?.permission;
  const tag = tagOf(url);
  if (s.tags === undefined && tag !== undefined) s.tags = [tag];
  s['x-permission'] = permission ?? 'undeclared';
  const needs =
    permission === undefined
      ? 'Declares no permission.'
      : permission === 'public'
        ? 'Public: no Stockmesh credentials (API key or session) needed.'
        : permission === 'authenticated'
          ? 'Requires valid credentials (any role).'
          : `Requires \`${permission}\`.`;
  s.description = typeof s.description === 'string' && s.description !== '' ? `${s.description}\n\n${needs}` : needs;
  s.security = permission === 'public' ? [] : [{ apiKey: [] }, { session: [] }];
  return { schema: s, url };
}

/** Post-processes the generated document: the shared Problem schema and problem answers. */
function transformObject(doc: object): Json {
  const o = ((doc as { openapiObject?: Json }).openapiObject ?? {}) as Json;
  const components = (o.components ?? {}) as Json;
  components.schemas = { ...((components.schemas ?? {}) as Json), Problem: { ...problemSchema, description: 'RFC 9457 problem details with the stable catalogue code (docs/errors.md)' } };
  o.components = components;
  for (const item of Object.values((o.paths ?? {}) as Record<string, Record<string, Json>>)) {
    for (const op of Object.values(item)) if (op && typeof op === 'object' && 'responses' in op) shapeResponses(op);
  }
  return o;
}

/**
 * Registers the route table, @fastify/swagger (OpenAPI 3.1), `GET /openapi.json` and the /docs UI.
 * Call it on the root instance before any route plugin.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  // Kept as the route options objects themselves and read when asked: a plugin's own onRoute hook
  // (like the /docs context below) may still set `config` after this one has run.
  const routes: RouteOptions[] = [];
  app.decorate('routeTable', {
    getter(): RouteEntry[] {
      const gets = new Set(routes.filter((r) => r.method === 'GET').map((r) => r.url));
      return routes.flatMap((r) =>
        (Array.isArray(r.method) ? r.method : [r.method])
          .filter((m) => !(m === 'HEAD' && gets.has(r.url)))
          .map((method) => ({ method, url: r.url, permission: r.config?.permission, schema: r.schema, hidden: isHidden(r.schema) })),
      );
    },
  });
  app.addHook('onRoute', (r) => {
    routes.push(r);
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Stockmesh API',
        version: pkg.version,
        description: `${pkg.description ?? ''}\n\nErrors are RFC 9457 problem details (\`application/problem+json\`) with a stable \`code\` from docs/errors.md. Lists are paginated with \`limit\` and \`offset\`.`,
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      tags: TAGS.map((t) => ({ ...t })),
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key (`stockmesh keys create`): `Authorization: Bearer <key>`' },
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'The dashboard session cookie set by signing in' },
        },
      },
    },
    transform,
    transformObject: transformObject as (doc: object) => Record<string, never>,
  });
  app.get(
    '/openapi.json',
    { config: { permission: 'public' }, schema: { hide: true, summary: 'This OpenAPI document' } },
    async () => app.swagger(),
  );
  await app.register(docsUi);
}

/** The /docs UI in its own context: its routes (HTML, assets, the document again) are public. */
const docsUi: FastifyPluginAsync = async (child) => {
  child.addHook('onRoute', (r) => {
    r.config = { ...(r.config ?? {}), permission: 'public' };
    r.schema = { ...(r.schema ?? {}), hide: true } as FastifySchema;
  });
  await child.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
};

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PERMISSIONS } from '../src/auth/index.ts';
import { TAGS } from '../src/api/openapi.ts';
import { describeOnStores, get } from './api-harness.ts';

interface Operation {
  summary?: string;
  tags?: string[];
  description?: string;
  security?: unknown[];
  'x-permission'?: string;
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
interface Doc {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, { type: string }> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
/** `/api/orders/:id` (Fastify) → `/api/orders/{id}` (OpenAPI). */
const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
const DECLARABLE = new Set<string>([...PERMISSIONS, 'public', 'authenticated']);

/**
 * GET routes answering a list that is bounded by the request itself rather than by the data, so
 * they need no pagination: each is named here with the reason.
 */
const BOUNDED_LISTS: Record<string, string> = {
  '/api/inventory/atp': 'one item per SKU asked for, at most 100 per request',
};

const isListAnswer = (schema: unknown): boolean => {
  const s = schema as { properties?: { items?: { type?: unknown } } } | undefined;
  return s?.properties?.items?.type === 'array';
};

describeOnStores('API: OpenAPI document and route table', (ctx) => {
  test('/openapi.json is an OpenAPI 3.1 document with every registered route, public, without credentials', async () => {
    const r = await get<Doc>(ctx().app, '/openapi.json', { authorization: '' });
    assert.equal(r.status, 200);
    const doc = r.body;
    assert.equal(doc.openapi, '3.1.0');
    assert.equal(doc.info.title, 'Stockmesh API');
    assert.match(doc.info.version, /^\d+\.\d+\.\d+/);
    assert.equal(doc.components.securitySchemes.apiKey?.type, 'http');
    assert.equal(doc.components.securitySchemes.session?.type, 'apiKey');
    assert.ok(doc.components.schemas.Problem, 'the shared Problem schema');
    const routes = ctx().app.routeTable.filter((x) => !x.hidden);
    assert.ok(routes.length >= 20, `only ${routes.length} routes`);
    for (const route of routes) {
      const op = doc.paths[openApiPath(route.url)]?.[route.method.toLowerCase()];
      assert.ok(op, `${route.method} ${route.url} is missing from the document`);
    }
    const tagNames = new Set<string>(TAGS.map((t) => t.name));
    let ops = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!METHODS.includes(method)) continue;
        ops++;
        const where = `${method.toUpperCase()} ${path}`;
        assert.ok(op.summary && op.summary.length > 3, `${where} has no summary`);
        assert.equal(op.tags?.length, 1, `${where} must carry exactly one tag`);
        assert.ok(tagNames.has(op.tags?.[0] ?? ''), `${where}: tag ${op.tags?.[0]} is not an area`);
        const perm = op['x-permission'] ?? '';
        assert.ok(DECLARABLE.has(perm), `${where} declares no permission (x-permission: ${perm})`);
        if (perm === 'public') assert.deepEqual(op.security, [], `${where} is public: no security requirement`);
        else {
          assert.ok((op.security ?? []).length > 0, `${where} needs credentials: security requirement`);
          const needs = perm === 'authenticated' ? 'valid credentials' : `\`${perm}\``;
          assert.ok(op.description?.includes(needs), `${where}: the description names ${needs}`);
          assert.ok(op.responses?.['401'] && op.responses['403'], `${where} lists 401 and 403`);
        }
        const responses = op.responses ?? {};
        const ok = Object.entries(responses).find(([s]) => /^2/.test(s));
        assert.ok(ok, `${where} has no 2xx response`);
        const content = Object.values(ok[1].content ?? {});
        // 204 No Content is the one 2xx answer without a body to describe.
        if (ok[0] !== '204') assert.ok(content.length > 0 && content.every((c) => c.schema), `${where}: its 2xx response has no schema`);
        const problems = Object.entries(responses).filter(([s]) => /^[45]/.test(s));
        assert.ok(problems.length > 0, `${where} documents no error response`);
        for (const [status, resp] of problems) {
          const pj = resp.content?.['application/problem+json']?.schema as { $ref?: string } | undefined;
          if (where === 'GET /readyz' && status === '503') continue; // a plain {status, reason} by design
          assert.equal(pj?.$ref, '#/components/schemas/Problem', `${where} ${status}: problem+json with the shared schema`);
        }
      }
    }
    assert.equal(ops, routes.length, 'one operation per registered route');
  });

  test('/docs serves the browsable documentation (HTML), public', async () => {
    const r = await ctx().app.inject({ method: 'GET', url: '/docs' });
    assert.equal(r.statusCode, 200);
    assert.match(String(r.headers['content-type']), /text\/html/);
    assert.match(r.body, /swagger/i);
    const json = await ctx().app.inject({ method: 'GET', url: '/docs/json' });
    assert.equal(json.statusCode, 200);
    assert.equal(json.json().openapi, '3.1.0');
  });

  test('route table: every route declares a permission and a response schema with a 2xx; every unbounded GET list is paginated', () => {
    const failures: string[] = [];
    for (const r of ctx().app.routeTable) {
      const where = `${r.method} ${r.url}`;
      if (!r.permission || !DECLARABLE.has(r.permission)) failures.push(`${where}: no permission declared`);
      if (r.hidden) continue;
      const response = (r.schema as { response?: Record<string, unknown> } | undefined)?.response;
      const ok = response && Object.entries(response).find(([s]) => /^2/.test(s));
      if (!ok) {
        failures.push(`${where}: no 2xx response schema`);
        continue;
      }
      if (r.method !== 'GET' || !isListAnswer(ok[1]) || BOUNDED_LISTS[r.url]) continue;
      const q = (r.schema as { querystring?: { properties?: Record<string, unknown> } }).querystring?.properties ?? {};
      const page = (ok[1] as { properties?: Record<string, unknown> }).properties ?? {};
      if (!q.limit || !q.offset || !('nextOffset' in page)) failures.push(`${where}: a list without pagination (pageQueryProperties and pageSchema)`);
    }
    assert.deepEqual(failures, []);
  });
});

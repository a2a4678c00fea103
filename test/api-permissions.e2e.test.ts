import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import Fastify from 'fastify';
import { installAuth, routePermissions } from '../src/api/auth-plugin.ts';
import { AuthService, PERMISSIONS, type RoutePermission, type Role, ROLES, roleAllows } from '../src/auth/index.ts';
import { openHub } from '../src/hub/index.ts';
import { describeOnStores, keyHeaders, sessionHeaders } from './api-harness.ts';

/** One way of calling: its headers, and the role it carries when its credentials are valid (undefined = not valid). */
interface Caller {
  readonly name: string;
  readonly headers: Record<string, string>;
  readonly role: Role | undefined;
}

type Outcome = 'allowed' | 'UNAUTHENTICATED' | 'FORBIDDEN';

/** What the role matrix (src/auth/roles.ts) says must happen: the one oracle of this test. */
function expected(permission: RoutePermission, role: Role | undefined): Outcome {
  if (permission === 'public') return 'allowed';
  if (role === undefined) return 'UNAUTHENTICATED';
  if (permission === 'authenticated') return 'allowed';
  return roleAllows(role, permission) ? 'allowed' : 'FORBIDDEN';
}

/** A concrete URL for a route pattern: every parameter filled with a harmless value. */
const concrete = (url: string): string =>
  url
    .replace(/:source/g, 'sha-wms')
    .replace(/:[A-Za-z]+/g, 'no-such-id')
    .replace(/\*/g, 'index.html');

const PASSWORD = 'matrix-password-1';

describeOnStores('permission matrix: every route × every role and credential state', (ctx) => {
  const callers: Caller[] = [];

  before(async () => {
    const { app, hub } = ctx();
    // An API key per role (scoped where the role must be).
    for (const role of ROLES) {
      const scope = role === 'warehouse_manager' ? { warehouses: ['SHA-RDC'] } : role === 'connector' ? { source: 'sha-wms' } : {};
      callers.push({ name: `key:${role}`, headers: await keyHeaders(app, role, scope), role });
    }
    // A signed-in user (session cookie + CSRF token) per person role.
    for (const role of ROLES.filter((r) => r !== 'connector')) {
      const username = `matrix-${role.replace('_', '-')}`;
      await app.auth.createUser({ username, role, warehouses: role === 'warehouse_manager' ? ['SHA-RDC'] : null, password: PASSWORD });
      callers.push({ name: `session:${role}`, headers: await sessionHeaders(app, username, PASSWORD), role });
    }
    // Credentials that must not work.
    callers.push({ name: 'no credentials', headers: { authorization: '' }, role: undefined });
    callers.push({ name: 'malformed bearer', headers: { authorization: 'Bearer not-a-key' }, role: undefined });
    const revoked = await app.auth.createKey({ label: 'revoked', role: 'admin' }, 'test');
    await app.auth.revokeKey(revoked.key.id, 'test');
    callers.push({ name: 'revoked admin key', headers: { authorization: `Bearer ${revoked.secret}` }, role: undefined });
    const forged = revoked.secret.replace(/.$/, (c) => (c === '0' ? '1' : '0'));
    const live = await app.auth.createKey({ label: 'live', role: 'admin' }, 'test');
    callers.push({ name: 'admin key id with a wrong secret', headers: { authorization: `Bearer ${live.secret.slice(0, -1)}${forged.slice(-1) === live.secret.slice(-1) ? 'f' : forged.slice(-1)}` }, role: undefined });
    await app.auth.createUser({ username: 'matrix-expired', role: 'admin', password: PASSWORD });
    const expired = await sessionHeaders(app, 'matrix-expired', PASSWORD);
    await hub.store.db.updateTable('sessions').set({ expires_at: '2000-01-01T00:00:00.000Z' }).where('user_id', '=', (await app.auth.findUser('matrix-expired'))?.id ?? '').execute();
    callers.push({ name: 'expired admin session', headers: expired, role: undefined });
    await app.auth.createUser({ username: 'matrix-disabled', role: 'admin', password: PASSWORD });
    const disabled = await sessionHeaders(app, 'matrix-disabled', PASSWORD);
    // Disabled behind the API's back (no session revoked): the session must still not work.
    await hub.store.db.updateTable('users').set({ disabled: 1 }).where('username', '=', 'matrix-disabled').execute();
    callers.push({ name: 'session of a disabled admin', headers: disabled, role: undefined });
    const ended = await sessionHeaders(app, 'matrix-admin', PASSWORD);
    await app.auth.endSession(/sm_session=([0-9a-f]+)/.exec(ended.cookie ?? '')?.[1] ?? '');
    callers.push({ name: 'signed-out admin session', headers: ended, role: undefined });
  });

  test('the route table: every route declares a known permission, and the catalogue is covered', () => {
    const routes = routePermissions(ctx().app);
    assert.ok(routes.length >= 20, `only ${routes.length} routes`);
    const known = new Set<string>([...PERMISSIONS, 'public', 'authenticated']);
    assert.deepEqual(routes.filter((r) => !known.has(r.permission)), []);
    for (const url of ['/healthz', '/readyz', '/api/auth/login']) assert.equal(routes.find((r) => r.url === url)?.permission, 'public', url);
    for (const url of ['/api/inventory', '/api/users', '/api/keys', '/api/auth/me']) assert.ok(routes.some((r) => r.url === url && r.permission !== 'public'), url);
  });

  test('every route × every caller: allowed or refused exactly as the role matrix declares', async () => {
    const { app } = ctx();
    // Over real HTTP: a streaming route (Server-Sent Events) answers its headers and never ends,
    // so each answer is read only as far as needed and the rest cancelled.
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    // Signing out ends a session: those routes go last so the sessions stay valid for the others.
    const last = (url: string): number => ['/api/auth/password', '/api/auth/logout'].indexOf(url);
    const routes = [...routePermissions(ctx().app)].sort((a, b) => last(a.url) - last(b.url));
    const wrong: string[] = [];
    let checked = 0;
    for (const route of routes) {
      for (const caller of callers) {
        const mutating = !['GET', 'HEAD', 'OPTIONS'].includes(route.method);
        const headers = Object.fromEntries(Object.entries(caller.headers).filter(([, v]) => v !== ''));
        const r = await fetch(base + concrete(route.url), {
          method: route.method,
          headers: mutating ? { ...headers, 'content-type': 'application/json' } : headers,
          ...(mutating ? { body: '{}' } : {}),
          signal: AbortSignal.timeout(10_000),
        });
        let code: string | undefined;
        if (/json/.test(r.headers.get('content-type') ?? '')) code = ((await r.json()) as { code?: string }).code;
        else await r.body?.cancel();
        const got: Outcome = r.status === 401 && code === 'UNAUTHENTICATED' ? 'UNAUTHENTICATED' : r.status === 403 && (code === 'FORBIDDEN' || code === 'CSRF_INVALID') ? 'FORBIDDEN' : 'allowed';
        const want = expected(route.permission, caller.role);
        checked += 1;
        if (got !== want) wrong.push(`${route.method} ${route.url} [${route.permission}] as ${caller.name}: want ${want}, got ${r.status} ${code ?? ''}`);
      }
    }
    assert.deepEqual(wrong, [], `${wrong.length} of ${checked} cells differ from the role matrix`);
    assert.ok(checked >= 20 * callers.length);
  });

  test('refusals are problem+json with the permission or the reason named', async () => {
    const { app } = ctx();
    const viewer = callers.find((c) => c.name === 'key:viewer')?.headers ?? {};
    const denied = await app.inject({ method: 'GET', url: '/api/users', headers: viewer });
    assert.equal(denied.statusCode, 403);
    assert.match(String(denied.headers['content-type']), /^application\/problem\+json/);
    assert.match(denied.json().detail, /needs the permission users:manage, which the role viewer does not hold/);
    const anon = await app.inject({ method: 'GET', url: '/api/inventory' });
    assert.equal(anon.statusCode, 401);
    assert.equal(anon.json().code, 'UNAUTHENTICATED');
    assert.match(String(anon.headers['www-authenticate']), /^Bearer/);
    assert.equal((await app.inject({ method: 'HEAD', url: '/api/inventory' })).statusCode, 401, 'the HEAD twin of a GET route is protected too');
    const revoked = callers.find((c) => c.name === 'revoked admin key')?.headers ?? {};
    assert.match((await app.inject({ method: 'GET', url: '/api/inventory', headers: revoked })).json().detail, /API key is unknown or revoked/);
    const expired = callers.find((c) => c.name === 'expired admin session')?.headers ?? {};
    assert.match((await app.inject({ method: 'GET', url: '/api/inventory', headers: expired })).json().detail, /session has expired or was ended/);
    const stats = app.authStats;
    assert.ok(stats.unauthenticated >= 3 && stats.forbidden >= 1, JSON.stringify(stats));
    // The same refusals in Prometheus (GET /metrics, metrics:read).
    const metrics = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${ctx().adminKey}` } });
    assert.equal(metrics.statusCode, 200);
    assert.match(metrics.body, /stockmesh_auth_failures_total\{reason="no_credentials"\} [1-9]/);
    assert.match(metrics.body, /stockmesh_auth_failures_total\{reason="bad_key"\} [1-9]/);
    assert.match(metrics.body, /stockmesh_auth_failures_total\{reason="session_ended"\} [1-9]/);
    assert.match(metrics.body, /stockmesh_permission_denials_total\{permission="users:manage",role="viewer"\} [1-9]/);
  });
});

test('an app refuses to start when a route declares no permission, naming the route', async () => {
  const hub = await openHub({ dataDir: 'data', databaseUrl: undefined, natsUrl: undefined, host: '127.0.0.1', port: 0 }, { sqliteFile: ':memory:' });
  try {
    const app = Fastify();
    await installAuth(app, new AuthService({ db: hub.store.db, masterData: hub.masterData }));
    app.get('/declared', { config: { permission: 'inventory:read' } }, async () => ({}));
    app.post('/forgotten', async () => ({}));
    app.get('/typo', { config: { permission: 'inventory:raed' as RoutePermission } }, async () => ({}));
    await assert.rejects(async () => app.ready(), (err: Error) => {
      assert.match(err.message, /POST \/forgotten declares no config\.permission/);
      assert.match(err.message, /GET \/typo declares an unknown permission "inventory:raed"/);
      assert.doesNotMatch(err.message, /declared/);
      return true;
    });
    await app.close().catch(() => undefined);
  } finally {
    await hub.close();
  }
});

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/api/index.ts';
import { PERMISSIONS, permissionsOf, sha256 } from '../src/auth/index.ts';
import { describeOnStores, get, send, sessionHeaders } from './api-harness.ts';

const PASSWORD = 'correct-horse-battery';

interface Me {
  user: { id: string; username: string; displayName: string; role: string; warehouses: string[] | null };
  permissions: string[];
  csrfToken: string | null;
}

const login = (app: FastifyInstance, username: string, password: string, ip = '10.0.0.1') =>
  app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip });

describeOnStores('sign-in, sessions and CSRF', (ctx) => {
  before(async () => {
    const { app } = ctx();
    await app.auth.createUser({ username: 'alice', displayName: 'Alice Ops', role: 'operations', password: PASSWORD });
    await app.auth.createUser({ username: 'sha', role: 'warehouse_manager', warehouses: ['SHA-RDC'], password: PASSWORD });
  });

  test('login answers exactly {user, permissions, csrfToken} and sets an HttpOnly SameSite=Strict cookie; the token is stored only hashed', async () => {
    const { app, hub } = ctx();
    const r = await login(app, 'Alice', PASSWORD);
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json() as Me;
    assert.deepEqual(Object.keys(body).sort(), ['csrfToken', 'permissions', 'user']);
    assert.deepEqual(Object.keys(body.user).sort(), ['displayName', 'id', 'role', 'username', 'warehouses']);
    assert.match(body.user.id, /^usr_[0-9a-f]{16}$/);
    assert.deepEqual({ ...body.user, id: 'x' }, { id: 'x', username: 'alice', displayName: 'Alice Ops', role: 'operations', warehouses: null });
    assert.deepEqual(body.permissions, [...permissionsOf('operations')].sort());
    assert.match(body.csrfToken ?? '', /^[0-9a-f]{64}$/);
    const cookie = r.cookies.find((c) => c.name === 'sm_session');
    assert.ok(cookie);
    assert.deepEqual({ httpOnly: cookie.httpOnly, sameSite: cookie.sameSite, path: cookie.path, secure: cookie.secure ?? false }, { httpOnly: true, sameSite: 'Strict', path: '/', secure: false });
    const rows = await hub.store.db.selectFrom('sessions').selectAll().execute();
    assert.ok(rows.some((s) => s.id === sha256(cookie.value)), 'stored as sha256 of the token');
    assert.ok(!JSON.stringify(rows).includes(cookie.value), 'the token itself is stored nowhere');
    const hash = await hub.store.db.selectFrom('users').select('password_hash').where('username', '=', 'alice').executeTakeFirstOrThrow();
    assert.match(hash.password_hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  test('GET /api/auth/me answers the same shape and CSRF token as login; for an API key the token is null', async () => {
    const { app } = ctx();
    const r = await login(app, 'sha', PASSWORD);
    const cookie = `sm_session=${r.cookies.find((c) => c.name === 'sm_session')?.value}`;
    const me = await get<Me>(app, '/api/auth/me', { cookie });
    assert.equal(me.status, 200);
    assert.deepEqual(me.body, r.json());
    assert.deepEqual(me.body.user.warehouses, ['SHA-RDC']);
    const byKey = await get<Me>(app, '/api/auth/me');
    assert.equal(byKey.status, 200);
    assert.equal(byKey.body.user.role, 'admin');
    assert.equal(byKey.body.csrfToken, null);
    assert.deepEqual(byKey.body.permissions, [...PERMISSIONS].sort());
  });

  test('a wrong password and an unknown user get the same 401 CREDENTIALS_INVALID, counted', async () => {
    const { app } = ctx();
    const before = app.authStats.loginFailures;
    const wrong = await login(app, 'alice', 'not-the-password', '10.0.0.2');
    const unknown = await login(app, 'nobody', 'not-the-password', '10.0.0.2');
    for (const r of [wrong, unknown]) {
      assert.equal(r.statusCode, 401);
      assert.equal(r.json().code, 'CREDENTIALS_INVALID');
      assert.equal(r.cookies.length, 0);
    }
    assert.equal(wrong.json().detail, unknown.json().detail);
    assert.equal(app.authStats.loginFailures, before + 2);
  });

  test('5 failures a minute per address and user name: the 6th try is 429 with Retry-After, even with the right password', async () => {
    const { app } = ctx();
    for (let i = 0; i < 5; i++) assert.equal((await login(app, 'alice', `wrong-${i}-password`, '10.0.0.3')).statusCode, 401);
    const limited = await login(app, 'alice', PASSWORD, '10.0.0.3');
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.json().code, 'RATE_LIMITED');
    const wait = Number(limited.headers['retry-after']);
    assert.ok(wait > 0 && wait <= 60, String(wait));
    assert.ok(app.authStats.loginRateLimited >= 1);
    assert.equal((await login(app, 'alice', PASSWORD, '10.0.0.4')).statusCode, 200, 'another address is not limited');
    assert.equal((await login(app, 'sha', PASSWORD, '10.0.0.3')).statusCode, 200, 'another user name from that address is not limited');
  });

  test('CSRF: a mutating request with the session cookie needs x-csrf-token of that session; API keys do not', async () => {
    const { app } = ctx();
    await app.auth.createUser({ username: 'root2', role: 'admin', password: PASSWORD });
    const s = await sessionHeaders(app, 'root2', PASSWORD);
    const body = { label: 'csrf-test', role: 'viewer' };
    const none = await send<{ code: string }>(app, 'POST', '/api/keys', body, { cookie: s.cookie ?? '' });
    assert.deepEqual([none.status, none.body.code], [403, 'CSRF_INVALID']);
    const wrongToken = await send<{ code: string }>(app, 'POST', '/api/keys', body, { cookie: s.cookie ?? '', 'x-csrf-token': 'f'.repeat(64) });
    assert.deepEqual([wrongToken.status, wrongToken.body.code], [403, 'CSRF_INVALID']);
    assert.equal((await send(app, 'POST', '/api/keys', body, s)).status, 201);
    assert.equal((await get(app, '/api/keys', { cookie: s.cookie ?? '' })).status, 200, 'reads need no CSRF token');
    assert.equal((await send(app, 'POST', '/api/keys', body)).status, 201, 'API key without CSRF token');
    assert.ok(app.authStats.csrfRejected >= 2);
  });

  test('logout ends the session at once and clears the cookie', async () => {
    const { app } = ctx();
    const s = await sessionHeaders(app, 'alice', PASSWORD);
    assert.equal((await get(app, '/api/auth/me', s)).status, 200);
    const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: s });
    assert.equal(out.statusCode, 204);
    const cleared = out.cookies.find((c) => c.name === 'sm_session');
    assert.ok(cleared && cleared.value === '' && (cleared.expires?.getTime() ?? 0) < Date.now());
    assert.equal((await get(app, '/api/auth/me', s)).status, 401);
  });

  test('behind https (or with secureCookies: true) the cookie is Secure', async () => {
    const { hub } = ctx();
    const app = await buildApp({ hub, auth: { secureCookies: true } });
    after(() => app.close());
    const r = await login(app, 'alice', PASSWORD, '10.0.0.9');
    assert.equal(r.statusCode, 200);
    assert.equal(r.cookies.find((c) => c.name === 'sm_session')?.secure, true);
  });

  test('sessions expire after the idle time (sliding expiry is configurable)', async () => {
    const { hub } = ctx();
    const app = await buildApp({ hub, auth: { sessionTtlMs: 1 } });
    after(() => app.close());
    const s = await sessionHeaders(app, 'alice', PASSWORD);
    await new Promise((r) => setTimeout(r, 10));
    const r = await get<{ code: string; detail: string }>(app, '/api/auth/me', s);
    assert.deepEqual([r.status, r.body.code], [401, 'UNAUTHENTICATED']);
    assert.match(r.body.detail, /expired/);
  });

  test('signing in again with a session cookie set ends that older session (no session fixation)', async () => {
    const { app } = ctx();
    const first = await sessionHeaders(app, 'alice', PASSWORD);
    const again = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'alice', password: PASSWORD }, headers: { cookie: first.cookie ?? '' }, remoteAddress: '10.0.2.1' });
    assert.equal(again.statusCode, 200);
    assert.equal((await get(app, '/api/auth/me', first)).status, 401);
    const fresh = again.cookies.find((c) => c.name === 'sm_session')?.value ?? '';
    assert.equal((await get(app, '/api/auth/me', { cookie: `sm_session=${fresh}` })).status, 200);
  });

  test('sessions over for more than a day are deleted at the next sign-in', async () => {
    const { app, hub } = ctx();
    const old = await sessionHeaders(app, 'alice', PASSWORD);
    const token = /sm_session=([0-9a-f]+)/.exec(old.cookie ?? '')?.[1] ?? '';
    await hub.store.db.updateTable('sessions').set({ expires_at: '2001-01-01T00:00:00.000Z' }).where('id', '=', sha256(token)).execute();
    await sessionHeaders(app, 'sha', PASSWORD);
    assert.equal(await hub.store.db.selectFrom('sessions').select('id').where('id', '=', sha256(token)).executeTakeFirst(), undefined);
  });

  test('changing one’s own password needs the current one and ends every session', async () => {
    const { app } = ctx();
    await app.auth.createUser({ username: 'bob', role: 'viewer', password: PASSWORD });
    const s = await sessionHeaders(app, 'bob', PASSWORD);
    const other = await sessionHeaders(app, 'bob', PASSWORD);
    const bad = await send<{ code: string }>(app, 'POST', '/api/auth/password', { currentPassword: 'wrong-password-x', newPassword: 'another-long-secret' }, s);
    assert.deepEqual([bad.status, bad.body.code], [401, 'CREDENTIALS_INVALID']);
    const weak = await send<{ code: string }>(app, 'POST', '/api/auth/password', { currentPassword: PASSWORD, newPassword: 'short' }, s);
    assert.deepEqual([weak.status, weak.body.code], [422, 'PASSWORD_POLICY']);
    assert.equal((await send(app, 'POST', '/api/auth/password', { currentPassword: PASSWORD, newPassword: 'another-long-secret' }, s)).status, 204);
    assert.equal((await get(app, '/api/auth/me', other)).status, 401, 'other sessions end');
    assert.equal((await login(app, 'bob', PASSWORD, '10.0.1.1')).statusCode, 401);
    assert.equal((await login(app, 'bob', 'another-long-secret', '10.0.1.1')).statusCode, 200);
  });
});

describeOnStores('users and API keys', (ctx) => {
  test('create: argon2id, policy, unique names, scope rules; every problem named and nothing written', async () => {
    const { app } = ctx();
    const ok = await send<{ id: string; username: string; role: string; warehouses: string[] | null; disabled: boolean }>(app, 'POST', '/api/users', { username: 'Carol', role: 'warehouse_manager', warehouses: ['CAN-RDC'], password: PASSWORD });
    assert.equal(ok.status, 201);
    assert.deepEqual({ ...ok.body, id: '', createdAt: '', updatedAt: '' }, { id: '', username: 'carol', displayName: 'carol', role: 'warehouse_manager', warehouses: ['CAN-RDC'], disabled: false, createdAt: '', updatedAt: '' });
    assert.ok(!JSON.stringify(ok.body).includes('argon'), 'no hash in answers');
    const cases: [unknown, number, string, RegExp][] = [
      [{ username: 'carol', role: 'viewer', password: PASSWORD }, 409, 'USERNAME_TAKEN', /taken/],
      [{ username: 'dave', role: 'viewer', password: 'short' }, 422, 'PASSWORD_POLICY', /at least 10 characters/],
      [{ username: 'dave', role: 'viewer', password: 'dave-is-my-password' }, 422, 'PASSWORD_POLICY', /must not contain the user name/],
      [{ username: 'dave', role: 'warehouse_manager', password: PASSWORD }, 400, 'INVALID_ARGUMENT', /scoped to at least one warehouse/],
      [{ username: 'dave', role: 'warehouse_manager', warehouses: ['NOPE'], password: PASSWORD }, 400, 'INVALID_ARGUMENT', /warehouse "NOPE" is not in master data/],
      [{ username: 'dave', role: 'connector', warehouses: ['SHA-RDC'], password: PASSWORD }, 400, 'INVALID_ARGUMENT', /connector accounts are API keys/],
      [{ username: 'dave', role: 'admin', warehouses: ['SHA-RDC'], password: PASSWORD }, 400, 'INVALID_ARGUMENT', /admin is never scoped/],
      [{ username: 'dave', role: 'superuser', password: PASSWORD }, 400, 'INVALID_ARGUMENT', /role must be one of/],
      [{ username: 'Dave Smith', role: 'viewer', password: PASSWORD }, 400, 'INVALID_ARGUMENT', /not valid/],
    ];
    for (const [body, status, code, detail] of cases) {
      const r = await send<{ code: string; detail: string }>(app, 'POST', '/api/users', body);
      assert.deepEqual([r.status, r.body.code], [status, code], JSON.stringify(body));
      assert.match(r.body.detail, detail);
    }
    assert.equal(await app.auth.findUser('dave'), undefined, 'nothing written');
  });

  test('list is paginated; read by id or name; 404 for others', async () => {
    const { app } = ctx();
    for (const n of ['u1', 'u2', 'u3']) await app.auth.createUser({ username: n, role: 'viewer', password: PASSWORD });
    const page = await get<{ items: { username: string }[]; nextOffset: number | null }>(app, '/api/users?limit=2');
    assert.equal(page.body.items.length, 2);
    assert.equal(page.body.nextOffset, 2);
    const u2 = await get<{ id: string }>(app, '/api/users/u2');
    assert.equal(u2.status, 200);
    assert.equal((await get(app, `/api/users/${u2.body.id}`)).status, 200);
    assert.equal((await get(app, '/api/users/usr_0000000000000000')).status, 404);
  });

  test('disabling a user ends their sessions at once and refuses their sign-in; enabling lets them in again', async () => {
    const { app } = ctx();
    const u = await app.auth.createUser({ username: 'erin', role: 'planner', password: PASSWORD });
    const s = await sessionHeaders(app, 'erin', PASSWORD);
    assert.equal((await get(app, '/api/inventory?limit=1', s)).status, 200);
    const off = await send<{ disabled: boolean }>(app, 'PATCH', `/api/users/${u.id}`, { disabled: true });
    assert.deepEqual([off.status, off.body.disabled], [200, true]);
    assert.equal((await get(app, '/api/inventory?limit=1', s)).status, 401);
    assert.equal((await login(app, 'erin', PASSWORD, '10.1.0.1')).statusCode, 401);
    assert.equal((await send(app, 'PATCH', `/api/users/${u.id}`, { disabled: false })).status, 200);
    assert.equal((await login(app, 'erin', PASSWORD, '10.1.0.1')).statusCode, 200);
  });

  test('changing role or warehouses ends the sessions; a reset password works and ends them too', async () => {
    const { app } = ctx();
    const u = await app.auth.createUser({ username: 'frank', role: 'viewer', password: PASSWORD });
    const s = await sessionHeaders(app, 'frank', PASSWORD);
    const r = await send<{ role: string; warehouses: string[] }>(app, 'PATCH', '/api/users/frank', { role: 'warehouse_manager', warehouses: ['PEK-RDC'] });
    assert.deepEqual([r.status, r.body.role, r.body.warehouses], [200, 'warehouse_manager', ['PEK-RDC']]);
    assert.equal((await get(app, '/api/auth/me', s)).status, 401);
    const bad = await send<{ code: string }>(app, 'PATCH', '/api/users/frank', { warehouses: null });
    assert.deepEqual([bad.status, bad.body.code], [400, 'INVALID_ARGUMENT'], 'a warehouse manager stays scoped');
    const s2 = await sessionHeaders(app, 'frank', PASSWORD);
    assert.equal((await send(app, 'POST', `/api/users/${u.id}/password`, { password: 'a-brand-new-secret' })).status, 204);
    assert.equal((await get(app, '/api/auth/me', s2)).status, 401);
    assert.equal((await login(app, 'frank', 'a-brand-new-secret', '10.1.0.2')).statusCode, 200);
  });

  test('an API key is shown once, stored as sha256, lists never show it, last use is recorded, revocation is immediate', async () => {
    const { app, hub } = ctx();
    const created = await send<{ key: { id: string; lastUsedAt: string | null; revokedAt: string | null; createdBy: string }; secret: string }>(app, 'POST', '/api/keys', { label: 'bi-export', role: 'viewer' });
    assert.equal(created.status, 201);
    const { key, secret } = created.body;
    assert.match(secret, /^smk_[0-9a-f]{16}_[0-9a-f]{64}$/);
    assert.equal(secret.slice(4, 20), key.id.slice(4));
    assert.match(key.createdBy, /^key:key_/);
    assert.equal(key.lastUsedAt, null);
    const row = await hub.store.db.selectFrom('api_keys').selectAll().where('id', '=', key.id).executeTakeFirstOrThrow();
    assert.equal(row.secret_hash, sha256(secret.slice(21)));
    assert.ok(!JSON.stringify(row).includes(secret.slice(21)), 'the secret is stored nowhere');
    const list = await get<{ items: { id: string }[] }>(app, '/api/keys?limit=1000');
    assert.ok(list.body.items.some((k) => k.id === key.id));
    assert.ok(!JSON.stringify(list.body).includes(secret.slice(21)), 'never in a list');

    const auth = { authorization: `Bearer ${secret}` };
    assert.equal((await get(app, '/api/inventory?limit=1', auth)).status, 200);
    const used = await app.auth.getKey(key.id);
    assert.ok(used?.lastUsedAt, 'last use recorded');
    assert.equal((await get(app, '/api/inventory?limit=1', auth)).status, 200);
    assert.equal((await app.auth.getKey(key.id))?.lastUsedAt, used.lastUsedAt, 'not written again within a minute');

    const revoked = await send<{ revokedAt: string | null }>(app, 'POST', `/api/keys/${key.id}/revoke`);
    assert.equal(revoked.status, 200);
    assert.ok(revoked.body.revokedAt);
    const refused = await get<{ code: string }>(app, '/api/inventory?limit=1', auth);
    assert.deepEqual([refused.status, refused.body.code], [401, 'UNAUTHENTICATED']);
    assert.equal((await send(app, 'POST', '/api/keys/key_0000000000000000/revoke')).status, 404);
  });

  test('connector keys: scoped to their source and its warehouses; a warehouse the source does not report for is refused', async () => {
    const { app } = ctx();
    const k = await send<{ key: { role: string; source: string; warehouses: string[] } }>(app, 'POST', '/api/keys', { label: 'sha-wms connector', role: 'connector', source: 'sha-wms' });
    assert.equal(k.status, 201);
    assert.deepEqual([k.body.key.role, k.body.key.source, k.body.key.warehouses], ['connector', 'sha-wms', ['SHA-RDC']]);
    const wrong = await send<{ code: string; problems: { code: string }[] }>(app, 'POST', '/api/keys', { label: 'x', role: 'connector', source: 'sha-wms', warehouses: ['CAN-RDC'] });
    assert.equal(wrong.status, 400);
    assert.ok(wrong.body.problems.some((p) => p.code === 'SOURCE_NOT_ALLOWED'));
    const unknown = await send<{ problems: { code: string }[] }>(app, 'POST', '/api/keys', { label: 'x', role: 'connector', source: 'nope' });
    assert.ok(unknown.body.problems.some((p) => p.code === 'UNKNOWN_SOURCE'));
    const sourceless = await send<{ status: number }>(app, 'POST', '/api/keys', { label: 'x', role: 'viewer', source: 'sha-wms' });
    assert.equal(sourceless.status, 400);
  });

  test('every change to users and keys is in the audit trail, with who and before/after, never a password, hash or secret', async () => {
    const { app, hub, adminKey } = ctx();
    const u = await send<{ id: string }>(app, 'POST', '/api/users', { username: 'grace', role: 'viewer', password: PASSWORD });
    await send(app, 'PATCH', `/api/users/${u.body.id}`, { role: 'planner' });
    await send(app, 'POST', `/api/users/${u.body.id}/password`, { password: 'grace-new-password'.replace('grace', 'g') });
    const k = await send<{ key: { id: string }; secret: string }>(app, 'POST', '/api/keys', { label: 'audited', role: 'viewer' });
    await send(app, 'POST', `/api/keys/${k.body.key.id}/revoke`);
    const rows = await hub.store.db.selectFrom('audit_log').selectAll().where('target_id', 'in', [u.body.id, k.body.key.id]).orderBy('seq').execute();
    assert.deepEqual(rows.map((r) => r.action), ['user.create', 'user.update', 'user.password', 'key.create', 'key.revoke']);
    const adminId = adminKey.slice(4, 20);
    for (const r of rows) {
      assert.equal(r.via, 'api');
      assert.match(r.actor, new RegExp(`^key:key_${adminId}\\(test-admin\\)$`));
      assert.ok(r.request_id);
    }
    assert.deepEqual([JSON.parse(rows[1]?.before_json ?? '{}').role, JSON.parse(rows[1]?.after_json ?? '{}').role], ['viewer', 'planner']);
    const text = JSON.stringify(rows);
    assert.ok(!text.includes(PASSWORD) && !text.includes('argon2') && !text.includes(k.body.secret.slice(21)), 'no secrets in the trail');
    assert.equal((await get<{ ok: boolean }>(app, '/api/audit/verify')).body.ok, true);
  });

  test('an admin cannot lock themselves out (disable or demote their own account)', async () => {
    const { app } = ctx();
    await app.auth.createUser({ username: 'root', role: 'admin', password: PASSWORD });
    const s = await sessionHeaders(app, 'root', PASSWORD);
    const r = await send<{ code: string }>(app, 'PATCH', '/api/users/root', { disabled: true }, s);
    assert.deepEqual([r.status, r.body.code], [400, 'INVALID_ARGUMENT']);
    assert.equal((await app.auth.findUser('root'))?.disabled, false);
  });
});

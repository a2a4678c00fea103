import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { DEMO_USERS } from '../src/sim/demo-users.ts';
import {
  formatApiKey,
  LoginLimiter,
  parseApiKey,
  passwordProblems,
  PERMISSIONS,
  type Principal,
  permissionsOf,
  ROLE_PERMISSIONS,
  ROLES,
  roleAllows,
  scopeProblems,
  secureCookiesFromEnv,
  type ScopeLookup,
  submitRefusal,
} from '../src/auth/index.ts';

test('role matrix: admin holds every permission; the others exactly what the issue assigns', () => {
  assert.deepEqual([...permissionsOf('admin')].sort(), [...PERMISSIONS].sort());
  assert.deepEqual(ROLE_PERMISSIONS.connector, ['events:ingest']);
  const reads = ['inventory:read', 'masterdata:read', 'events:read', 'orders:read', 'connectors:read', 'exceptions:read', 'kpis:read'] as const;
  for (const role of ['operations', 'planner', 'warehouse_manager', 'viewer'] as const) for (const p of reads) assert.ok(roleAllows(role, p), `${role} ${p}`);
  // Only admins manage users and keys; only connector keys and admins push events.
  for (const role of ROLES) assert.equal(roleAllows(role, 'users:manage'), role === 'admin', role);
  for (const role of ROLES) assert.equal(roleAllows(role, 'events:ingest'), role === 'admin' || role === 'connector', role);
  // Allocation rights are permissions of their own.
  assert.deepEqual(ROLES.filter((r) => roleAllows(r, 'allocation:override')), ['admin', 'operations', 'planner']);
  assert.deepEqual(ROLES.filter((r) => roleAllows(r, 'holds:release')), ['admin', 'operations', 'warehouse_manager']);
  assert.deepEqual(ROLES.filter((r) => roleAllows(r, 'masterdata:write')), ['admin', 'planner']);
  assert.deepEqual(ROLES.filter((r) => roleAllows(r, 'events:replay')), ['admin', 'operations']);
  assert.deepEqual(ROLES.filter((r) => roleAllows(r, 'exceptions:act')), ['admin', 'operations', 'warehouse_manager']);
  // The viewer reads, but not the audit trail, users or metrics; the scoped manager reads nothing network-wide.
  for (const p of ['audit:read', 'users:manage', 'metrics:read'] as const) assert.equal(roleAllows('viewer', p), false, p);
  for (const p of ['audit:read', 'metrics:read', 'masterdata:write', 'orders:submit'] as const) assert.equal(roleAllows('warehouse_manager', p), false, p);
  assert.equal(roleAllows('operations', 'masterdata:write'), false);
  for (const role of ROLES) for (const p of ROLE_PERMISSIONS[role]) assert.ok((PERMISSIONS as readonly string[]).includes(p), `${role}: ${p} is in the catalogue`);
});

test('docs/auth.md shows the role matrix exactly as src/auth/roles.ts declares it', () => {
  const doc = readFileSync(new URL('../docs/auth.md', import.meta.url), 'utf8');
  const header = doc.split('\n').find((l) => l.startsWith('| permission |'));
  assert.ok(header, 'the matrix table is in docs/auth.md');
  const columns = header.split('|').map((c) => c.trim()).filter((c) => c !== '');
  assert.deepEqual(columns, ['permission', ...ROLES]);
  const rows = new Map(
    doc
      .split('\n')
      .filter((l) => /^\| `[a-z]+:[a-z]+` \|/.test(l))
      .map((l) => {
        const cells = l.split('|').map((c) => c.trim()).slice(1, -1);
        return [(cells[0] ?? '').replaceAll('`', ''), cells.slice(1)] as const;
      }),
  );
  assert.deepEqual([...rows.keys()], [...PERMISSIONS]);
  for (const p of PERMISSIONS) {
    assert.deepEqual(rows.get(p), ROLES.map((r) => (roleAllows(r, p) ? 'yes' : '-')), p);
  }
});

test('password policy: length, user name, repetition', () => {
  assert.deepEqual(passwordProblems('correct-horse-battery', 'alice'), []);
  assert.match(passwordProblems('short', 'alice').join(), /at least 10 characters \(it has 5\)/);
  assert.match(passwordProblems('alice-2026-secret', 'Alice').join(), /must not contain the user name/);
  assert.match(passwordProblems('aaaaaaaaaaaa', 'bob').join(), /one character repeated/);
  assert.match(passwordProblems('x'.repeat(257) + 'y', 'bob').join(), /at most 256/);
});

test('login limiter: 5 failures per address and user name a minute, then the wait until the oldest leaves the window', () => {
  let now = 1_000_000;
  const l = new LoginLimiter({}, () => now);
  for (let i = 0; i < 5; i++) {
    assert.equal(l.retryAfterMs('1.1.1.1', 'alice'), 0);
    l.fail('1.1.1.1', 'alice');
    now += 1000;
  }
  assert.equal(l.retryAfterMs('1.1.1.1', 'Alice'), 60_000 - 5000, 'user names compare case-insensitively');
  assert.equal(l.retryAfterMs('1.1.1.2', 'alice'), 0, 'per address');
  assert.equal(l.retryAfterMs('1.1.1.1', 'bob'), 0, 'per user name');
  now += 55_001;
  assert.equal(l.retryAfterMs('1.1.1.1', 'alice'), 0, 'the window slid past the first failure');
  l.succeed('1.1.1.1', 'alice');
  // 30 failures from one address, whatever the names, stop that address.
  for (let i = 0; i < 30; i++) l.fail('2.2.2.2', `user${i}`);
  assert.ok(l.retryAfterMs('2.2.2.2', 'someone-new') > 0);
});

const md: ScopeLookup = {
  hasWarehouse: (w) => ['SHA-RDC', 'CAN-RDC', 'PEK-RDC'].includes(w),
  sourceWarehouses: (s) => ({ 'sha-wms': ['SHA-RDC'], 'multi': ['SHA-RDC', 'CAN-RDC'] })[s],
};

test('account scope rules: every problem named with where it is', () => {
  assert.deepEqual(scopeProblems('user', { role: 'warehouse_manager', warehouses: ['SHA-RDC'], source: null }, md), []);
  assert.deepEqual(scopeProblems('key', { role: 'connector', warehouses: ['SHA-RDC'], source: 'multi' }, md), []);
  const codes = (role: string, warehouses: string[] | null, source: string | null, kind: 'user' | 'key' = 'key') => scopeProblems(kind, { role, warehouses, source }, md).map((p) => `${p.code}@${p.where}`);
  assert.deepEqual(codes('warehouse_manager', null, null, 'user'), ['INVALID_ARGUMENT@warehouses']);
  assert.deepEqual(codes('warehouse_manager', ['XXX'], null, 'user'), ['UNKNOWN_WAREHOUSE@warehouses']);
  assert.deepEqual(codes('connector', ['SHA-RDC'], null, 'user'), ['INVALID_ARGUMENT@role', 'INVALID_ARGUMENT@source']);
  assert.deepEqual(codes('connector', ['CAN-RDC'], 'sha-wms'), ['SOURCE_NOT_ALLOWED@warehouses']);
  assert.deepEqual(codes('connector', ['SHA-RDC'], 'nope'), ['UNKNOWN_SOURCE@source']);
  assert.deepEqual(codes('admin', ['SHA-RDC'], null), ['INVALID_ARGUMENT@warehouses']);
  assert.deepEqual(codes('viewer', null, 'sha-wms'), ['INVALID_ARGUMENT@source']);
  assert.deepEqual(codes('root', null, null), ['INVALID_ARGUMENT@role']);
  assert.deepEqual(codes('viewer', ['CAN-RDC'], null), [], 'a viewer may be scoped');
  assert.deepEqual(codes('viewer', [], null), ['INVALID_ARGUMENT@warehouses'], 'an empty scope would read as no filter');
  assert.deepEqual(codes('planner', [], null), ['INVALID_ARGUMENT@warehouses']);
});

const principal = (p: Partial<Principal>): Principal => ({ kind: 'key', id: 'key_1', name: 'k', role: 'connector', warehouses: ['SHA-RDC'], source: 'sha-wms', permissions: permissionsOf('connector'), ...p });

test('connector keys push only for their own source and warehouses', () => {
  assert.equal(submitRefusal(principal({}), 'sha-wms', 'SHA-RDC'), null);
  assert.match(submitRefusal(principal({}), 'can-saas', 'SHA-RDC') ?? '', /speaks for source "sha-wms", not "can-saas"/);
  assert.match(submitRefusal(principal({}), 'sha-wms', 'CAN-RDC') ?? '', /may not push events for warehouse "CAN-RDC"/);
  assert.match(submitRefusal(principal({ source: null }), 'sha-wms', 'SHA-RDC') ?? '', /names no source/);
  assert.equal(submitRefusal(principal({ role: 'admin', source: null, warehouses: null, permissions: permissionsOf('admin') }), 'any', 'ANY'), null);
});

test('API keys: smk_<16 hex id>_<64 hex secret>, anything else is not a key', () => {
  const key = formatApiKey('key_0123456789abcdef', 'f'.repeat(64));
  assert.equal(key, `smk_0123456789abcdef_${'f'.repeat(64)}`);
  assert.deepEqual(parseApiKey(key), { id: 'key_0123456789abcdef', secret: 'f'.repeat(64) });
  for (const bad of ['', 'smk_', `smk_0123456789abcdef_${'f'.repeat(63)}`, `smk_0123456789ABCDEF_${'f'.repeat(64)}`, `xmk_0123456789abcdef_${'f'.repeat(64)}`, `${key} `]) assert.equal(parseApiKey(bad), undefined, bad);
});

test('docs/auth.md lists the demo sign-ins exactly as DEMO_USERS, each valid under the password policy', () => {
  const doc = readFileSync(new URL('../docs/auth.md', import.meta.url), 'utf8');
  for (const u of DEMO_USERS) {
    assert.ok(doc.includes(`| \`${u.username}\` | \`${u.password}\` | ${u.role}`), u.username);
    assert.deepEqual(passwordProblems(u.password, u.username), [], u.username);
  }
  assert.deepEqual(DEMO_USERS.map((u) => u.role).sort(), ['operations', 'planner', 'viewer', 'warehouse_manager']);
});

test('STOCKMESH_SECURE_COOKIES: auto by default, true/1, false/0, anything else refused by name', () => {
  assert.equal(secureCookiesFromEnv({}), 'auto');
  assert.equal(secureCookiesFromEnv({ STOCKMESH_SECURE_COOKIES: 'TRUE' }), true);
  assert.equal(secureCookiesFromEnv({ STOCKMESH_SECURE_COOKIES: '0' }), false);
  assert.throws(() => secureCookiesFromEnv({ STOCKMESH_SECURE_COOKIES: 'yes' }), /STOCKMESH_SECURE_COOKIES must be auto, true or false, got "yes"/);
});

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AuthService } from '../src/auth/index.ts';
import { main } from '../src/cli/main.ts';
import type { Output } from '../src/cli/output.ts';
import { configFromEnv, openHub } from '../src/hub/index.ts';
import { seedDemo } from '../src/sim/index.ts';

const root = new URL('..', import.meta.url).pathname;
let data = '';
const saved = { data: process.env.STOCKMESH_DATA, db: process.env.DATABASE_URL, nats: process.env.NATS_URL };

/** `stockmesh <args>` in this process, on the temp data folder: exit code and what it printed. */
async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const output: Output = { out: (l) => out.push(l), err: (l) => err.push(l), progress: () => {}, progressDone: () => {} };
  const code = await main(args, output);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The hub's AuthService on the same store, to check what the commands wrote. */
async function withAuth<T>(fn: (auth: AuthService) => Promise<T>): Promise<T> {
  const hub = await openHub(configFromEnv());
  try {
    return await fn(new AuthService({ db: hub.store.db, masterData: hub.masterData }));
  } finally {
    await hub.close();
  }
}

describe('stockmesh users and keys (embedded store)', () => {
  before(async () => {
    data = mkdtempSync(join(tmpdir(), 'stockmesh-auth-cli-'));
    process.env.STOCKMESH_DATA = data;
    delete process.env.DATABASE_URL;
    delete process.env.NATS_URL;
    const hub = await openHub(configFromEnv());
    try {
      await seedDemo(hub, new Date('2026-11-25T08:00:00Z'));
    } finally {
      await hub.close();
    }
  });
  after(() => {
    for (const [k, v] of [['STOCKMESH_DATA', saved.data], ['DATABASE_URL', saved.db], ['NATS_URL', saved.nats]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(data, { recursive: true, force: true });
  });

  test('users add with a generated password prints it once; the user can sign in with it', async () => {
    const r = await run('users', 'add', 'alice', '--role', 'operations', '--generate-password', '--display-name', 'Alice Ops');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /added user alice \(usr_[0-9a-f]{16}\), role operations/);
    const password = /password: (\S+)\s+\(shown only now\)/.exec(r.out)?.[1] ?? '';
    assert.equal(password.length, 20);
    const u = await withAuth((auth) => auth.checkLogin('alice', password));
    assert.equal(u?.displayName, 'Alice Ops');
  });

  test('users add refuses bad input with the problem named and writes nothing', async () => {
    const noScope = await run('users', 'add', 'li', '--role', 'warehouse_manager', '--generate-password');
    assert.equal(noScope.code, 2);
    assert.match(noScope.err, /INVALID_ARGUMENT: a warehouse_manager must be scoped to at least one warehouse/);
    const unknown = await run('users', 'add', 'li', '--role', 'warehouse_manager', '--warehouse', 'SHA-RDC,NOPE', '--generate-password');
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /warehouses: UNKNOWN_WAREHOUSE: warehouse "NOPE" is not in master data/);
    const taken = await run('users', 'add', 'alice', '--role', 'viewer', '--generate-password');
    assert.equal(taken.code, 1);
    assert.match(taken.err, /USERNAME_TAKEN/);
    const noPassword = await run('users', 'add', 'li', '--role', 'viewer');
    assert.equal(noPassword.code, 2);
    assert.match(noPassword.err, /no password: pass --password-stdin/);
    assert.equal(await withAuth((auth) => auth.findUser('li')), undefined);
  });

  test('users add --password-stdin reads the password from standard input (as a user runs the command)', () => {
    const r = spawnSync(process.execPath, [join(root, 'bin/stockmesh.js'), 'users', 'add', 'li', '--role', 'warehouse_manager', '--warehouse', 'SHA-RDC', '--warehouse', 'CAN-RDC', '--password-stdin'], {
      cwd: root,
      env: { ...process.env, STOCKMESH_DATA: data, DATABASE_URL: '', NATS_URL: '' },
      input: 'a-long-enough-secret\n',
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /added user li .*warehouses CAN-RDC, SHA-RDC/);
    const weak = spawnSync(process.execPath, [join(root, 'bin/stockmesh.js'), 'users', 'add', 'weak', '--role', 'viewer', '--password-stdin'], {
      cwd: root,
      env: { ...process.env, STOCKMESH_DATA: data, DATABASE_URL: '', NATS_URL: '' },
      input: 'short\n',
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(weak.status, 1);
    assert.match(weak.stderr, /PASSWORD_POLICY: the password must have at least 10 characters/);
  });

  test('users list, disable (sign-in refused), enable, passwd', async () => {
    const list = await run('users', 'list', '--json');
    const users = JSON.parse(list.out) as { username: string; role: string; warehouses: string[] | null; disabled: boolean }[];
    assert.deepEqual(users.map((u) => [u.username, u.role, u.warehouses]), [['alice', 'operations', null], ['li', 'warehouse_manager', ['CAN-RDC', 'SHA-RDC']]]);
    assert.ok(!list.out.includes('argon2'), 'never a hash');
    assert.match((await run('users', 'list')).out, /alice\s+usr_\w+\s+operations\s+all\s+active/);
    assert.equal((await run('users', 'disable', 'li')).code, 0);
    assert.equal(await withAuth((auth) => auth.checkLogin('li', 'a-long-enough-secret')), undefined);
    assert.match((await run('users', 'list')).out, /li\s+usr_\w+\s+warehouse_manager\s+CAN-RDC,SHA-RDC\s+disabled/);
    assert.equal((await run('users', 'enable', 'li')).code, 0);
    assert.ok(await withAuth((auth) => auth.checkLogin('li', 'a-long-enough-secret')));
    const p = await run('users', 'passwd', 'li', '--generate-password');
    assert.equal(p.code, 0, p.err);
    const fresh = /password: (\S+)/.exec(p.out)?.[1] ?? '';
    assert.ok(await withAuth((auth) => auth.checkLogin('li', fresh)));
    assert.equal(await withAuth((auth) => auth.checkLogin('li', 'a-long-enough-secret')), undefined);
    assert.equal((await run('users', 'disable', 'nobody')).code, 1);
  });

  test('keys create prints the key once; list never shows it; revoke makes it useless at once', async () => {
    const c = await run('keys', 'create', '--label', 'sha-wms push', '--role', 'connector', '--source', 'sha-wms');
    assert.equal(c.code, 0, c.err);
    assert.match(c.out, /created key_[0-9a-f]{16} "sha-wms push", role connector, source sha-wms, warehouses SHA-RDC/);
    assert.match(c.out, /will not be shown again/);
    const secret = /key: (smk_\S+)/.exec(c.out)?.[1] ?? '';
    const id = /created (key_[0-9a-f]{16})/.exec(c.out)?.[1] ?? '';
    const p = await withAuth((auth) => auth.apiKey(secret));
    assert.deepEqual([p?.role, p?.source, p?.warehouses], ['connector', 'sha-wms', ['SHA-RDC']]);

    const list = await run('keys', 'list');
    assert.match(list.out, new RegExp(`${id}\\s+sha-wms push\\s+connector\\s+sha-wms\\s+SHA-RDC`));
    assert.ok(!list.out.includes(secret.slice(21)) && !(await run('keys', 'list', '--json')).out.includes(secret.slice(21)), 'never the secret');
    const json = JSON.parse((await run('keys', 'list', '--json')).out) as { id: string; lastUsedAt: string | null }[];
    assert.ok(json.find((k) => k.id === id)?.lastUsedAt, 'last use recorded');

    const bad = await run('keys', 'create', '--label', 'x', '--role', 'connector', '--source', 'sha-wms', '--warehouse', 'CAN-RDC');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /SOURCE_NOT_ALLOWED: source "sha-wms" does not report for warehouse "CAN-RDC"/);

    const r = await run('keys', 'revoke', id);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /revoked at \d{4}-/);
    assert.equal(await withAuth((auth) => auth.apiKey(secret)), undefined);
    assert.equal((await run('keys', 'revoke', 'key_0000000000000000')).code, 1);
  });

  test('the commands leave an audit trail naming the person at the command line', async () => {
    const rows = await (async () => {
      const hub = await openHub(configFromEnv());
      try {
        return await hub.store.db.selectFrom('audit_log').select(['actor', 'via', 'action']).where('action', 'like', 'user.%').execute();
      } finally {
        await hub.close();
      }
    })();
    assert.ok(rows.length >= 5, JSON.stringify(rows));
    assert.ok(rows.every((r) => r.via === 'cli' && r.actor.startsWith('cli:')));
    assert.deepEqual([...new Set(rows.map((r) => r.action))].sort(), ['user.create', 'user.password', 'user.update']);
  });

  test('keys create --quiet prints only the key (for scripts)', async () => {
    const r = await run('keys', 'create', '--label', 'script', '--role', 'viewer', '--quiet');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^smk_[0-9a-f]{16}_[0-9a-f]{64}$/);
  });
});

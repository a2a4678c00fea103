import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { verifyWebhook } from '../src/connectors/webhook/index.ts';
import { StockmeshError } from '../src/domain/index.ts';
import { deliverNotifications, EVENT_HEADER, type ExceptionChange, ExceptionService, type ExceptionView } from '../src/exceptions/index.ts';
import { configFromEnv, type Hub, openHub } from '../src/hub/index.ts';
import { seedDemo } from '../src/sim/index.ts';
import { forEachStore, type StoreUnderTest } from './support/stores.ts';

const T0 = new Date('2026-11-25T08:00:00Z');
const SECRET = 'exception-webhook-secret';

/** Opens the same store again and again (a restart), on the store under test. */
function reopenable(s: StoreUnderTest): { open: () => Promise<Hub>; cleanup: () => Promise<void> } {
  if (s.name === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'stockmesh-exc-'));
    return {
      open: () => openHub({ ...configFromEnv({}), databaseUrl: undefined, dataDir: dir }, { sqliteFile: 'hub.db' }),
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const schema = `t_exc_${process.pid}_${Date.now() % 100000}`;
  const url = process.env.DATABASE_URL as string;
  return {
    open: () => openHub({ ...configFromEnv({}), databaseUrl: url }, { pgSchema: schema }),
    cleanup: async () => {
      const hub = await openHub({ ...configFromEnv({}), databaseUrl: url }, { pgSchema: schema });
      await hub.store.db.schema.dropSchema(schema).ifExists().cascade().execute();
      await hub.close();
    },
  };
}

interface Received {
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** A receiver on 127.0.0.1 that answers 503 to the first `failures` deliveries, then 204. */
async function receiver(failures: number): Promise<{ url: string; received: Received[]; attempts: () => number; close: () => Promise<void> }> {
  const received: Received[] = [];
  let attempts = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      attempts++;
      if (attempts <= failures) {
        res.writeHead(503).end('down for maintenance');
        return;
      }
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, received, attempts: () => attempts, close: () => new Promise((r) => server.close(() => r())) };
}

forEachStore('exceptions: sweep, workflow, notifications', (s) => {
  const store = reopenable(s);
  let hub: Hub;
  let clock = T0;
  let service: ExceptionService;
  const changes: ExceptionChange[] = [];
  const all = () => service.list({ limit: 1000, offset: 0 }, null);

  before(async () => {
    hub = await store.open();
    await seedDemo(hub, T0);
    service = new ExceptionService(hub, { now: () => clock, notify: true });
    service.onChanged((c) => changes.push(c));
  });
  after(async () => {
    await hub.close();
    await store.cleanup();
  });

  test('a sweep detects the demo network\'s problems, each with an owner and evidence', async () => {
    const r = await service.sweep(clock);
    assert.ok(r.opened > 0);
    const items = await all();
    const types = new Set(items.map((e) => e.type));
    for (const t of ['sequence_gap', 'snapshot_drift', 'dead_letters', 'expiring_stock']) assert.ok(types.has(t as ExceptionView['type']), `expected a ${t} exception, got ${[...types].join(', ')}`);
    const gap = items.find((e) => e.type === 'sequence_gap') as ExceptionView;
    assert.equal(gap.warehouse, 'SIN-BOND');
    assert.deepEqual(gap.owner, { team: 'integration', escalationContact: 'integration-oncall@example.com', from: 'type' });
    assert.match(gap.evidence.href, /^\/api\/gaps\?source=sin-bonded&open=true$/);
    const drift = items.find((e) => e.type === 'snapshot_drift') as ExceptionView;
    assert.equal(drift.owner.from, 'warehouse');
    assert.equal(drift.owner.team, 'ops-south');
    assert.equal(changes.filter((c) => c.kind === 'opened').length, r.opened);
  });

  test('a repeat updates the same exception (count grows, lastSeenAt moves) instead of opening another', async () => {
    const before = await all();
    clock = new Date(T0.getTime() + 60_000);
    const heard = changes.length;
    const r = await service.sweep(clock);
    assert.equal(r.opened, 0);
    const after = await all();
    assert.deepEqual(after.map((e) => e.id).sort(), before.map((e) => e.id).sort());
    for (const e of after) {
      assert.equal(e.count, 2);
      assert.equal(e.lastSeenAt, clock.toISOString());
    }
    assert.equal(changes.length, heard, 'a plain repeat does not flood the live feed');
  });

  test('when the condition clears the exception is resolved by system', async () => {
    await hub.store.db.updateTable('dead_letters').set({ state: 'discarded', resolved_at: clock.toISOString() }).where('state', '=', 'pending').execute();
    clock = new Date(T0.getTime() + 120_000);
    const r = await service.sweep(clock);
    assert.equal(r.autoResolved, 1);
    const [dl] = await service.list({ type: 'dead_letters', limit: 10, offset: 0 }, null);
    assert.equal(dl?.state, 'resolved');
    assert.equal(dl?.resolvedBy, 'system');
    assert.equal(dl?.resolution, 'auto');
    assert.equal(dl?.resolvedAt, clock.toISOString());
    const detail = await service.get(dl?.id as string, null);
    assert.deepEqual(detail?.history.map((h) => [h.action, h.by]), [
      ['opened', 'system'],
      ['resolved', 'system'],
    ]);
  });

  test('open → acknowledged → resolved records who and when; resolved → acknowledged is refused and changes nothing', async () => {
    const gap = (await service.list({ type: 'sequence_gap', limit: 1, offset: 0 }, null))[0] as ExceptionView;
    clock = new Date(T0.getTime() + 180_000);
    const assigned = await service.act(gap.id, { kind: 'assign', assignee: 'li.wei' }, 'user:chen', 'please re-send file 16', null);
    assert.equal(assigned.assignee, 'li.wei');
    const ack = await service.act(gap.id, { kind: 'acknowledge' }, 'user:li.wei', 'asked the bonded site', null);
    assert.deepEqual([ack.state, ack.acknowledgedBy, ack.acknowledgedAt], ['acknowledged', 'user:li.wei', clock.toISOString()]);
    clock = new Date(T0.getTime() + 240_000);
    const res = await service.act(gap.id, { kind: 'resolve' }, 'user:li.wei', 'file re-sent', null);
    assert.deepEqual([res.state, res.resolvedBy, res.resolvedAt, res.resolution], ['resolved', 'user:li.wei', clock.toISOString(), 'manual']);
    assert.deepEqual(
      res.history.map((h) => [h.action, h.by, h.note]),
      [
        ['opened', 'system', null],
        ['assigned', 'user:chen', 'assigned to li.wei: please re-send file 16'],
        ['acknowledged', 'user:li.wei', 'asked the bonded site'],
        ['resolved', 'user:li.wei', 'file re-sent'],
      ],
    );
    await assert.rejects(
      service.act(gap.id, { kind: 'acknowledge' }, 'user:li.wei', null, null),
      (err: unknown) => err instanceof StockmeshError && err.code === 'EXCEPTION_STATE_CONFLICT' && /is resolved: it cannot be acknowledged/.test(err.message),
    );
    const after = await service.get(gap.id, null);
    assert.equal(after?.state, 'resolved');
    assert.equal(after?.history.length, 4);
    // The gap is still open in the ledger, but a person resolved it: not raised again within the quiet period.
    assert.equal((await service.sweep(clock)).opened, 0);
  });

  test('an exception outside the caller\'s warehouses is not found', async () => {
    const drift = (await service.list({ type: 'snapshot_drift', limit: 1, offset: 0 }, null))[0] as ExceptionView;
    assert.equal(await service.get(drift.id, new Set(['SHA-RDC'])), undefined);
    await assert.rejects(service.act(drift.id, { kind: 'acknowledge' }, 'user:x', null, new Set(['SHA-RDC'])), (e: unknown) => e instanceof StockmeshError && e.code === 'NOT_FOUND');
    assert.equal((await service.get(drift.id, new Set(['CAN-RDC'])))?.id, drift.id);
  });

  test('an open exception past its type\'s escalation time is escalated once, with a step naming the contact and a notification', async () => {
    await service.setOwners([{ type: 'snapshot_drift', team: 'inventory-control', escalationContact: 'ic-lead@example.com', routeTo: 'type', escalateAfterMinutes: 4 }], 'user:admin');
    clock = new Date(T0.getTime() + 250_000);
    const r = await service.sweep(clock);
    assert.equal(r.escalated, 1);
    const drift = (await service.list({ type: 'snapshot_drift', limit: 1, offset: 0 }, null))[0] as ExceptionView;
    assert.equal(drift.escalatedAt, clock.toISOString());
    assert.deepEqual(drift.owner, { team: 'inventory-control', escalationContact: 'ic-lead@example.com', from: 'type' });
    const detail = await service.get(drift.id, null);
    const step = detail?.history.at(-1);
    assert.equal(step?.action, 'escalated');
    assert.match(step?.note ?? '', /ic-lead@example\.com/);
    assert.equal(changes.at(-1)?.kind, 'escalated');
    clock = new Date(T0.getTime() + 280_000);
    assert.equal((await service.sweep(clock)).escalated, 0, 'escalated once');
    const kinds = await hub.store.db.selectFrom('exception_notifications').select('kind').where('exception_id', '=', drift.id).orderBy('created_at').execute();
    assert.deepEqual(kinds.map((k) => k.kind), ['opened', 'escalated']);
  });

  test('notifications are signed, retried while the receiver is down, and never sent twice — not even after a restart', async () => {
    const rx = await receiver(2);
    try {
      const hook = { url: rx.url, secret: SECRET };
      const queued = await hub.store.db.selectFrom('exception_notifications').select(['id', 'kind']).orderBy('created_at').orderBy('id').execute();
      assert.ok(queued.length >= 3, 'opened and resolved notifications were queued');
      let t = new Date(T0.getTime() + 300_000);
      const opts = { now: () => t, retryBaseMs: 1000, retryMaxMs: 4000 };
      // Receiver down: the first pass stops at the first failure and schedules a retry.
      assert.deepEqual(await deliverNotifications(hub.store, hook, opts), { delivered: 0, failed: 1 });
      // Not due yet: nothing is sent.
      assert.deepEqual(await deliverNotifications(hub.store, hook, opts), { delivered: 0, failed: 0 });
      t = new Date(t.getTime() + 1000);
      assert.deepEqual(await deliverNotifications(hub.store, hook, opts), { delivered: 0, failed: 1 });
      const row = await hub.store.db.selectFrom('exception_notifications').selectAll().where('id', '=', queued[0]?.id as string).executeTakeFirstOrThrow();
      assert.equal(row.attempts, 2);
      assert.equal(row.last_error, 'HTTP 503');
      assert.equal(row.next_attempt_at, new Date(t.getTime() + 2000).toISOString(), 'backoff doubles');
      t = new Date(t.getTime() + 2000);
      const r = await deliverNotifications(hub.store, hook, { ...opts, batch: 1000 });
      assert.deepEqual(r, { delivered: queued.length, failed: 0 });
      assert.equal(rx.received.length, queued.length);
      assert.deepEqual(rx.received.map((m) => m.headers['x-stockmesh-delivery']), queued.map((q) => q.id), 'in order, each once');
      for (const m of rx.received) {
        const verdict = verifyWebhook({
          secrets: [SECRET],
          timestamp: m.headers['x-stockmesh-timestamp'] as string,
          signature: m.headers['x-stockmesh-signature'] as string,
          rawBody: Buffer.from(m.body),
          now: t,
          toleranceSec: 300,
        });
        assert.deepEqual(verdict, { ok: true, timestamp: Number(m.headers['x-stockmesh-timestamp']) });
        const body = JSON.parse(m.body) as { id: string; kind: string; exception: ExceptionView };
        assert.equal(body.id, m.headers['x-stockmesh-delivery']);
        assert.equal(body.kind, m.headers[EVENT_HEADER]);
        assert.ok(['opened', 'escalated', 'resolved'].includes(body.kind));
      }
      const kinds = rx.received.map((m) => m.headers[EVENT_HEADER]);
      assert.ok(kinds.includes('resolved'));
      assert.equal(
        verifyWebhook({ secrets: ['wrong'], timestamp: rx.received[0]?.headers['x-stockmesh-timestamp'] as string, signature: rx.received[0]?.headers['x-stockmesh-signature'] as string, rawBody: Buffer.from(rx.received[0]?.body ?? ''), now: t, toleranceSec: 300 }).ok,
        false,
      );

      // Restart: close the hub, open the same store, deliver again — nothing is sent twice.
      await hub.close();
      hub = await store.open();
      service = new ExceptionService(hub, { now: () => clock, notify: true });
      t = new Date(t.getTime() + 60_000);
      assert.deepEqual(await deliverNotifications(hub.store, hook, opts), { delivered: 0, failed: 0 });
      assert.equal(rx.received.length, queued.length);
    } finally {
      await rx.close();
    }
  });
});

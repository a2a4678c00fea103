import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { type ExceptionChange, exceptionService, type ExceptionView, onExceptionChanged, type TypeOwner } from '../src/exceptions/index.ts';
import type { Page } from '../src/api/pagination.ts';
import { seedDemoOrders } from '../src/sim/index.ts';
import { describeOnStores, get, keyHeaders, NOW, send } from './api-harness.ts';

type Detail = ExceptionView & { history: { at: string; by: string; action: string; note: string | null }[] };
interface Problem {
  status: number;
  code: string;
  detail: string;
}

describeOnStores('exceptions API', (ctx) => {
  let clock = NOW;
  const heard: ExceptionChange[] = [];
  let manager: Record<string, string>;
  let viewer: Record<string, string>;

  before(async () => {
    const { hub, app } = ctx();
    await seedDemoOrders(hub, NOW);
    const service = exceptionService(hub, { now: () => clock });
    onExceptionChanged(hub, (c) => heard.push(c));
    await service.sweep(NOW);
    manager = await keyHeaders(app, 'warehouse_manager', { warehouses: ['SHA-RDC'] });
    viewer = await keyHeaders(app, 'viewer');
  });

  const list = async (query = '', headers: Record<string, string> = {}) => get<Page<ExceptionView>>(ctx().app, `/api/exceptions${query}`, headers);

  test('the demo network shows several open exceptions of different types, each with an owner and an evidence link', async () => {
    const r = await list('?state=open');
    assert.equal(r.status, 200);
    const types = new Set(r.body.items.map((e) => e.type));
    for (const t of ['sequence_gap', 'snapshot_drift', 'dead_letters', 'order_at_risk', 'expiring_stock']) assert.ok(types.has(t as ExceptionView['type']), `no ${t} among ${[...types].join(', ')}`);
    for (const e of r.body.items) {
      assert.ok(e.owner.team.length > 0);
      assert.match(e.evidence.href, /^\/api\//);
      assert.equal(e.state, 'open');
    }
    const late = r.body.items.find((e) => e.type === 'order_at_risk' && e.subject === 'DEMO-ORD-0007');
    assert.equal(late?.severity, 'critical');
    assert.equal(late?.evidence.href, '/api/orders/DEMO-ORD-0007');
    assert.deepEqual(late?.owner, { team: 'ops-south', escalationContact: 'ops-south-oncall@example.com', from: 'warehouse' });
    assert.equal(heard.filter((c) => c.kind === 'opened').length, r.body.items.length);
  });

  test('filters and pagination: type, severity, warehouse, owner; limit gives nextOffset', async () => {
    const gaps = await list('?type=sequence_gap');
    assert.deepEqual(gaps.body.items.map((e) => e.warehouse), ['SIN-BOND']);
    const high = await list('?severity=high');
    assert.ok(high.body.items.length > 0 && high.body.items.every((e) => e.severity === 'high'));
    const sha = await list('?warehouse=SHA-RDC');
    assert.ok(sha.body.items.length > 0 && sha.body.items.every((e) => e.warehouse === 'SHA-RDC'));
    const integration = await list('?owner=integration');
    assert.ok(integration.body.items.every((e) => e.owner.team === 'integration') && integration.body.items.length >= 2);
    const page = await list('?limit=2');
    assert.equal(page.body.items.length, 2);
    assert.equal(page.body.nextOffset, 2);
    const bad = await get<Problem>(ctx().app, '/api/exceptions?state=closed');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'INVALID_ARGUMENT');
  });

  test('summary counts unresolved exceptions by severity and type', async () => {
    const all = await list('?state=active&limit=1000');
    const r = await get<{ open: number; acknowledged: number; bySeverity: Record<string, number>; byType: Record<string, number> }>(ctx().app, '/api/exceptions/summary');
    assert.equal(r.status, 200);
    assert.equal(r.body.open + r.body.acknowledged, all.body.items.length);
    assert.equal(Object.values(r.body.bySeverity).reduce((a, b) => a + b, 0), all.body.items.length);
    assert.equal(r.body.byType.sequence_gap, 1);
  });

  test('assign, acknowledge and resolve record who and when; resolved → acknowledged is a 409 naming the state', async () => {
    const gap = (await list('?type=sequence_gap')).body.items[0] as ExceptionView;
    clock = new Date(NOW.getTime() + 3 * 3_600_000);
    const a = await send<Detail>(ctx().app, 'POST', `/api/exceptions/${gap.id}/assign`, { assignee: 'li.wei', note: 'bonded site contact' });
    assert.equal(a.status, 200);
    assert.equal(a.body.assignee, 'li.wei');
    const ack = await send<Detail>(ctx().app, 'POST', `/api/exceptions/${gap.id}/acknowledge`);
    assert.equal(ack.status, 200);
    assert.equal(ack.body.state, 'acknowledged');
    assert.match(ack.body.acknowledgedBy ?? '', /^key:.*test-admin/);
    assert.equal(ack.body.acknowledgedAt, clock.toISOString());
    const res = await send<Detail>(ctx().app, 'POST', `/api/exceptions/${gap.id}/resolve`, { note: 'file 16 re-sent' });
    assert.equal(res.body.state, 'resolved');
    assert.equal(res.body.resolution, 'manual');
    assert.deepEqual(res.body.history.map((h) => h.action), ['opened', 'assigned', 'acknowledged', 'resolved']);
    assert.equal(res.body.history[3]?.note, 'file 16 re-sent');
    const again = await send<Problem>(ctx().app, 'POST', `/api/exceptions/${gap.id}/acknowledge`, {});
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'EXCEPTION_STATE_CONFLICT');
    assert.match(again.body.detail, /is resolved/);
    const unchanged = await get<Detail>(ctx().app, `/api/exceptions/${gap.id}`);
    assert.equal(unchanged.body.history.length, 4);
    assert.deepEqual(heard.slice(-3).map((c) => c.kind), ['assigned', 'acknowledged', 'resolved']);
    // Each step is in the audit trail too, with who, the state before and after, and the note.
    const audit = await get<{ items: { action: string; actor: string; via: string; target: { kind: string; id: string }; warehouse: string | null; after: { state: string; note: string | null } }[] }>(
      ctx().app,
      `/api/audit?target=exception:${gap.id}&order=oldest`,
    );
    assert.equal(audit.status, 200);
    assert.deepEqual(audit.body.items.map((e) => e.action), ['exception.assign', 'exception.acknowledge', 'exception.resolve']);
    assert.ok(audit.body.items.every((e) => /^key:.*test-admin/.test(e.actor) && e.via === 'api' && e.warehouse === 'SIN-BOND'));
    assert.deepEqual(audit.body.items[2]?.after, { state: 'resolved', assignee: 'li.wei', acknowledgedBy: ack.body.acknowledgedBy, resolvedBy: res.body.resolvedBy, note: 'file 16 re-sent' });
  });

  test('bad input is refused and changes nothing: unknown fields, a note too long, an unknown id', async () => {
    const drift = (await list('?type=snapshot_drift')).body.items[0] as ExceptionView;
    const extra = await send<Problem>(ctx().app, 'POST', `/api/exceptions/${drift.id}/acknowledge`, { note: 'x', by: 'someone-else' });
    assert.equal(extra.status, 400);
    const long = await send<Problem>(ctx().app, 'POST', `/api/exceptions/${drift.id}/resolve`, { note: 'x'.repeat(2001) });
    assert.equal(long.status, 400);
    assert.equal((await get<Detail>(ctx().app, `/api/exceptions/${drift.id}`)).body.state, 'open');
    const missing = await send<Problem>(ctx().app, 'POST', '/api/exceptions/exc_NOPE/resolve', {});
    assert.equal(missing.status, 404);
    assert.equal(missing.body.code, 'NOT_FOUND');
  });

  test('a warehouse manager sees and acts on their warehouses only (404 outside); a viewer cannot act; no credentials is 401', async () => {
    const mine = await list('?limit=1000', manager);
    assert.ok(mine.body.items.length > 0);
    assert.ok(mine.body.items.every((e) => e.warehouse === 'SHA-RDC'));
    const drift = (await list('?type=snapshot_drift')).body.items[0] as ExceptionView;
    assert.equal((await get<Problem>(ctx().app, `/api/exceptions/${drift.id}`, manager)).status, 404);
    assert.equal((await send<Problem>(ctx().app, 'POST', `/api/exceptions/${drift.id}/acknowledge`, {}, manager)).status, 404);
    const own = mine.body.items[0] as ExceptionView;
    assert.equal((await send<Detail>(ctx().app, 'POST', `/api/exceptions/${own.id}/acknowledge`, {}, manager)).status, 200);
    assert.equal((await send<Problem>(ctx().app, 'POST', `/api/exceptions/${drift.id}/acknowledge`, {}, viewer)).status, 403);
    assert.equal((await get<Problem>(ctx().app, '/api/exceptions', { authorization: '' })).status, 401);
    const summary = await get<{ open: number; acknowledged: number }>(ctx().app, '/api/exceptions/summary', manager);
    assert.equal(summary.body.open + summary.body.acknowledged, mine.body.items.length);
  });

  test('owners: listed per type, changed with masterdata:write, applied at the next sweep; bad changes refused whole', async () => {
    const r = await get<{ items: TypeOwner[] }>(ctx().app, '/api/exception-owners');
    assert.equal(r.status, 200);
    assert.equal(r.body.items.length, 10);
    const put = await send<TypeOwner>(ctx().app, 'PUT', '/api/exception-owners/expiring_stock', { team: 'quality-east', escalationContact: 'qa@example.com', routeTo: 'type', escalateAfterMinutes: 90 });
    assert.equal(put.status, 200);
    assert.equal(put.body.team, 'quality-east');
    assert.match(put.body.updatedBy, /^key:/);
    await exceptionService(ctx().hub).sweep(clock);
    const expiring = await list('?type=expiring_stock&state=active');
    assert.ok(expiring.body.items.length > 0 && expiring.body.items.every((e) => e.owner.team === 'quality-east' && e.owner.from === 'type'));
    const dup = await send<Problem>(ctx().app, 'PUT', '/api/exception-owners', {
      items: [
        { type: 'aged_stock', team: 'a', escalationContact: null, routeTo: 'type', escalateAfterMinutes: 5 },
        { type: 'aged_stock', team: 'b', escalationContact: null, routeTo: 'type', escalateAfterMinutes: 5 },
      ],
    });
    assert.equal(dup.status, 400);
    const unknown = await send<Problem>(ctx().app, 'PUT', '/api/exception-owners/weather', { team: 'a', escalationContact: null, routeTo: 'type', escalateAfterMinutes: 5 });
    assert.equal(unknown.status, 400);
    const after = await get<{ items: TypeOwner[] }>(ctx().app, '/api/exception-owners');
    assert.equal(after.body.items.find((o) => o.type === 'aged_stock')?.team, r.body.items.find((o) => o.type === 'aged_stock')?.team);
    const bulk = await send<{ items: TypeOwner[] }>(ctx().app, 'PUT', '/api/exception-owners', { items: [{ type: 'aged_stock', team: 'planning-east', escalationContact: null, routeTo: 'warehouse', escalateAfterMinutes: 60 }] });
    assert.equal(bulk.status, 200);
    assert.equal(bulk.body.items.find((o) => o.type === 'aged_stock')?.routeTo, 'warehouse');
    const audited = await get<{ items: { action: string; target: { id: string }; before: { team: string } | null; after: { team: string } }[] }>(ctx().app, '/api/audit?action=exception-owner.*&order=oldest');
    assert.deepEqual(audited.body.items.map((e) => [e.target.id, e.after.team]), [
      ['expiring_stock', 'quality-east'],
      ['aged_stock', 'planning-east'],
    ]);
    assert.equal(audited.body.items[0]?.before?.team, 'quality');
    assert.equal((await send<Problem>(ctx().app, 'PUT', '/api/exception-owners/aged_stock', { team: 'x', escalationContact: null, routeTo: 'type', escalateAfterMinutes: 5 }, manager)).status, 403);
  });
});

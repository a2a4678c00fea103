import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from '../src/api/index.ts';
import { demoNetwork } from '../src/sim/index.ts';
import { describeOnStores, get } from './api-harness.ts';

interface SourceItem {
  id: string;
  name: string | null;
  dialect: string | null;
  warehouses: string[];
  maxSeq: number | null;
  eventsTotal: number;
  openGaps: number;
}
interface Gap {
  source: string;
  fromSeq: number;
  toSeq: number;
  closedAt: string | null;
}
interface DeadLetter {
  eventId: string | null;
  code: string;
  state: string;
  payload: string;
}

describeOnStores('GET /api/sources, /api/gaps, /api/dead-letters, /api/ledger/verify', (ctx) => {
  test('every source system is listed with its dialect, cursor and open gap count', async () => {
    const r = await get<{ items: SourceItem[] }>(ctx().app, '/api/sources');
    assert.equal(r.status, 200);
    const net = demoNetwork();
    assert.deepEqual(r.body.items.map((s) => s.id).sort(), net.sources.map((s) => s.source.id).sort());
    for (const s of r.body.items) {
      assert.ok(s.dialect && s.name && s.warehouses.length === 1, s.id);
      assert.ok((s.maxSeq ?? 0) > 0 && s.eventsTotal > 0, `${s.id} has sent events`);
    }
    const sin = r.body.items.find((s) => s.id === 'sin-bonded');
    assert.equal(sin?.openGaps, 1);
    assert.equal(r.body.items.filter((s) => s.openGaps > 0).length, 1);
  });

  test('gaps: the skipped Singapore file is an open gap; open=true keeps only open ones', async () => {
    const open = await get<{ items: Gap[] }>(ctx().app, '/api/gaps?open=true');
    assert.equal(open.status, 200);
    assert.equal(open.body.items.length, 1);
    const gap = open.body.items[0];
    assert.equal(gap?.source, 'sin-bonded');
    assert.equal(gap?.fromSeq, gap?.toSeq);
    assert.equal(gap?.closedAt, null);
    const all = await get<{ items: Gap[] }>(ctx().app, '/api/gaps?source=sin-bonded');
    assert.ok(all.body.items.length >= 1);
    const other = await get<{ items: Gap[] }>(ctx().app, '/api/gaps?source=sha-wms&open=true');
    assert.deepEqual(other.body.items, []);
  });

  test('dead letters: the refused event is pending, with its reason and exact payload; paginated', async () => {
    const r = await get<Page<DeadLetter>>(ctx().app, '/api/dead-letters?state=pending');
    assert.equal(r.status, 200);
    assert.equal(r.body.items.length, 1);
    const dl = r.body.items[0];
    assert.equal(dl?.code, 'UNKNOWN_STATUS');
    assert.match(dl?.eventId ?? '', /^demo:can-saas:\d+$/);
    assert.equal((JSON.parse(dl?.payload ?? '{}') as { toStatus?: string }).toStatus, 'quality_hold');
    assert.deepEqual([r.body.limit, r.body.offset, r.body.total, r.body.nextOffset], [100, 0, 1, null]);
    const resolved = await get<Page<DeadLetter>>(ctx().app, '/api/dead-letters?state=resolved&limit=10');
    assert.deepEqual([resolved.body.items, resolved.body.limit], [[], 10]);
    const page2 = await get<Page<DeadLetter>>(ctx().app, '/api/dead-letters?limit=1&offset=1');
    assert.deepEqual(page2.body.items, []);
  });

  test('the ledger verifies: every demo event is in an intact hash chain', async () => {
    const r = await get<{ ok: boolean; events: number; head?: string }>(ctx().app, '/api/ledger/verify');
    assert.equal(r.status, 200);
    assert.equal(r.body.ok, true);
    const seed = ctx().seed;
    assert.equal(seed.outcome, 'loaded');
    if (seed.outcome === 'loaded') assert.equal(r.body.events, seed.eventsApplied + seed.adjustments);
    assert.match(r.body.head ?? '', /^[0-9a-f]{64}$/);
  });
});

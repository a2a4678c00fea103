import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import Fastify from 'fastify';
import { changesInAnswer, frameOf, type LiveNotice, liveRoutes, scopedNotice, transferFlows } from '../src/api/routes/live.ts';
import { exceptionService } from '../src/exceptions/index.ts';
import { openHub } from '../src/hub/index.ts';
import { describeOnStores, get, keyHeaders, NOW, send } from './api-harness.ts';

/**
 * The live stream (`GET /api/live`, docs/dashboard.md "Live updates") over a real socket:
 * credentials required, `ready` first, a position notice after the ledger changes, limited to
 * the caller's warehouses; transfer flows; and the pure parts (scope filter, frames, answers).
 */

/** An open SSE stream: the events received so far (name + parsed data), and a way to wait for one. */
interface Stream {
  readonly events: { event: string; data: unknown }[];
  waitFor(pred: (e: { event: string; data: unknown }) => boolean, ms: number): Promise<{ event: string; data: unknown }>;
  close(): void;
}

async function openStream(url: string, headers: Record<string, string>): Promise<Stream> {
  const ctl = new AbortController();
  const res = await fetch(url, { headers, signal: ctl.signal });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
  const events: { event: string; data: unknown }[] = [];
  const waiters = new Set<() => void>();
  void (async () => {
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buf = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buf += value;
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const frame = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const event = /^event: (.*)$/m.exec(frame)?.[1];
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) });
          for (const w of waiters) w();
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    events,
    waitFor: (pred, ms) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const hit = events.find(pred);
          if (hit) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(hit);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event within ${ms} ms; got ${JSON.stringify(events)}`));
        }, ms);
        waiters.add(check);
        check();
      }),
    close: () => ctl.abort(),
  };
}

const positionsOf = (e: { data: unknown }): { sku: string; warehouse: string }[] => (e.data as { items: { sku: string; warehouse: string }[] }).items;

describeOnStores('live stream', (ctx) => {
  let seq = 1000;
  /** One receipt through the ledger's own write path, in the Wuhan hub WMS's canonical terms. */
  const receiveAtWuhan = async (qty: number): Promise<void> => {
    seq += 1;
    const [r] = await ctx().hub.ingestor.ingest([
      { raw: { id: `live-test:${seq}`, source: 'wuh-hub-api', occurredAt: NOW.toISOString(), warehouse: 'WUH-HUB', sku: 'APP-TEE-WHT-M', quantity: qty, reason: 'receipt', toStatus: 'available' } },
    ]);
    assert.equal(r?.outcome, 'applied', JSON.stringify(r));
  };

  test('no credentials: 401, no stream', async () => {
    const r = await get(ctx().app, '/api/live', { authorization: '' });
    assert.equal(r.status, 401);
  });

  test('ready first, then the (SKU, warehouse) the ledger changed; a warehouse manager of another site hears nothing of it', async () => {
    const { app } = ctx();
    const address = await app.listen({ port: 0, host: '127.0.0.1' }).then(() => app.server.address() as AddressInfo);
    const url = `http://127.0.0.1:${address.port}/api/live`;
    const all = await openStream(url, { authorization: `Bearer ${ctx().adminKey}` });
    const sha = await openStream(url, await keyHeaders(app, 'warehouse_manager', { warehouses: ['SHA-RDC'] }));
    const wuh = await openStream(url, await keyHeaders(app, 'warehouse_manager', { warehouses: ['WUH-HUB'] }));
    try {
      const ready = await all.waitFor((e) => e.event === 'ready', 3000);
      assert.deepEqual((ready.data as { warehouses: unknown }).warehouses, null);
      assert.deepEqual(((await sha.waitFor((e) => e.event === 'ready', 3000)).data as { warehouses: unknown }).warehouses, ['SHA-RDC']);
      await wuh.waitFor((e) => e.event === 'ready', 3000);
      await new Promise((r) => setTimeout(r, 1200)); // the feed has read the ledger head once

      await receiveAtWuhan(5);
      const seen = await all.waitFor((e) => e.event === 'positions', 3000);
      assert.deepEqual(positionsOf(seen), [{ sku: 'APP-TEE-WHT-M', warehouse: 'WUH-HUB' }]);
      assert.deepEqual(positionsOf(await wuh.waitFor((e) => e.event === 'positions', 3000)), [{ sku: 'APP-TEE-WHT-M', warehouse: 'WUH-HUB' }]);
      await new Promise((r) => setTimeout(r, 1500));
      assert.deepEqual(sha.events.filter((e) => e.event === 'positions'), [], 'Shanghai\'s manager is not told of Wuhan');
    } finally {
      all.close();
      sha.close();
      wuh.close();
    }
  });

  test('an exception acted on through the API is announced, to the callers who may see its warehouse', async () => {
    const { app, hub } = ctx();
    await exceptionService(hub).sweep(NOW);
    const list = await get<{ items: { id: string; warehouse: string | null; state: string }[] }>(app, '/api/exceptions?state=open&limit=1000');
    const target = list.body.items.find((e) => e.warehouse !== null && e.warehouse !== 'SHA-RDC');
    assert.ok(target, `an open exception outside Shanghai: ${JSON.stringify(list.body.items.map((e) => e.warehouse))}`);
    const address = app.server.address() as AddressInfo | null;
    const port = address?.port ?? (await app.listen({ port: 0, host: '127.0.0.1' }), (app.server.address() as AddressInfo).port);
    const url = `http://127.0.0.1:${port}/api/live`;
    const all = await openStream(url, { authorization: `Bearer ${ctx().adminKey}` });
    const sha = await openStream(url, await keyHeaders(app, 'warehouse_manager', { warehouses: ['SHA-RDC'] }));
    try {
      await all.waitFor((e) => e.event === 'ready', 3000);
      await sha.waitFor((e) => e.event === 'ready', 3000);
      const r = await send(app, 'POST', `/api/exceptions/${target.id}/acknowledge`, { note: 'looking' });
      assert.equal(r.status, 200);
      const seen = await all.waitFor((e) => e.event === 'exception', 3000);
      assert.deepEqual(
        { id: (seen.data as { id: string }).id, change: (seen.data as { change: string }).change, state: (seen.data as { state: string }).state },
        { id: target.id, change: 'acknowledged', state: 'acknowledged' },
      );
      await new Promise((res) => setTimeout(res, 500));
      assert.deepEqual(sha.events.filter((e) => e.event === 'exception'), [], 'not told of another warehouse');
    } finally {
      all.close();
      sha.close();
    }
  });

  test('transfer flows: 200 with the JSON shape (the demo seed has no transfer)', async () => {
    const r = await get<{ items: unknown[] }>(ctx().app, '/api/live/flows?days=7');
    assert.equal(r.status, 200);
    assert.ok(Array.isArray(r.body.items));
    assert.equal((await get(ctx().app, '/api/live/flows?days=0')).status, 400);
  });
});

test('scope filter: positions cut to the visible warehouses; network-wide exceptions only for unscoped callers', () => {
  const at = '2026-11-25T08:00:00.000Z';
  const pos: LiveNotice = { kind: 'positions', at, items: [{ sku: 'A', warehouse: 'SHA-RDC' }, { sku: 'A', warehouse: 'CAN-RDC' }], truncated: false };
  assert.deepEqual(scopedNotice(pos, null), pos);
  assert.deepEqual(scopedNotice(pos, new Set(['CAN-RDC'])), { ...pos, items: [{ sku: 'A', warehouse: 'CAN-RDC' }] });
  assert.equal(scopedNotice(pos, new Set(['PEK-RDC'])), null);
  const exc: LiveNotice = { kind: 'exception', at, id: 'exc_1', change: 'opened', state: 'open', severity: 'high', type: 'mdm_conflict', warehouse: null };
  assert.equal(scopedNotice(exc, new Set(['SHA-RDC'])), null);
  assert.deepEqual(scopedNotice(exc, null), exc);
  const order: LiveNotice = { kind: 'order', at, id: 'O-1', warehouses: ['SHA-RDC'] };
  assert.deepEqual(scopedNotice(order, new Set(['SHA-RDC'])), order);
  assert.equal(scopedNotice({ ...order, warehouses: [] }, new Set(['SHA-RDC'])), null);
});

test('frames: id, event name, one JSON data line', () => {
  assert.equal(frameOf(7, { kind: 'order', at: 'x', id: 'O-1', warehouses: ['W'] }), 'id: 7\nevent: order\ndata: {"at":"x","id":"O-1","warehouses":["W"]}\n\n');
});

test('answers of order and hold routes name the order and the (SKU, warehouse) holds moved', () => {
  const order = { id: 'O-1', allocation: [{ sku: 'A', warehouse: 'W1', qty: 2 }, { sku: 'A', warehouse: 'W1', lot: 'L', qty: 1 }, { sku: 'B', warehouse: 'W2', qty: 1 }] };
  assert.deepEqual(changesInAnswer(order), { orders: [{ id: 'O-1', warehouses: ['W1', 'W2'] }], keys: [{ sku: 'A', warehouse: 'W1' }, { sku: 'B', warehouse: 'W2' }] });
  assert.deepEqual(changesInAnswer({ id: 'h1', order: 'O-2', sku: 'C', warehouse: 'W3', qty: 1 }), { orders: [{ id: 'O-2', warehouses: ['W3'] }], keys: [{ sku: 'C', warehouse: 'W3' }] });
  assert.deepEqual(changesInAnswer({ status: 'ok' }), { orders: [], keys: [] });
});

test('transfer flows from the ledger: out at one warehouse, in at another, per pair; an unfinished transfer is not drawn', () => {
  const row = (ref: string, w: string, q: number, from: string | null, to: string | null) => ({ transfer_ref: ref, warehouse_id: w, quantity: q, from_status: from, to_status: to });
  const flows = transferFlows([
    row('T1', 'SHA-RDC', 10, 'available', null),
    row('T1', 'SIN-BOND', 10, null, 'available'),
    row('T2', 'SHA-RDC', 4, 'available', 'in_transit'),
    row('T2', 'SIN-BOND', 4, 'in_transit', 'available'),
    row('T3', 'WUH-HUB', 6, 'available', 'in_transit'),
  ]);
  assert.deepEqual(flows, [{ from: 'SHA-RDC', to: 'SIN-BOND', units: 14, transfers: 2 }]);
});

test('heartbeat comments keep the stream alive; a client that goes is forgotten and the app closes cleanly', async () => {
  const hub = await openHub({ dataDir: 'data', databaseUrl: undefined, natsUrl: undefined, host: '127.0.0.1', port: 0 }, { sqliteFile: ':memory:' });
  const app = Fastify();
  app.decorateRequest('principal', null);
  await app.register(liveRoutes, { hub, heartbeatMs: 100, ledgerPollMs: 50 });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as AddressInfo).port;
    const ctl = new AbortController();
    const res = await fetch(`http://127.0.0.1:${port}/api/live`, { signal: ctl.signal });
    assert.equal(res.headers.get('cache-control'), 'no-cache, no-transform');
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const until = Date.now() + 3000;
    while (!/: heartbeat /.test(text) && Date.now() < until) text += (await reader.read()).value ?? '';
    assert.match(text, /^retry: 2000\n\nevent: ready\n/);
    assert.match(text, /\n: heartbeat \d{4}-\d\d-\d\dT/);
    ctl.abort();
    await new Promise((r) => setTimeout(r, 200));
    // a second client that stays: closing the app ends its stream instead of waiting for it
    const res2 = await fetch(`http://127.0.0.1:${port}/api/live`);
    const r2 = res2.body!.getReader();
    await r2.read();
    const closing = app.close();
    for (;;) if ((await r2.read()).done) break;
    await closing;
  } finally {
    await app.close().catch(() => undefined);
    await hub.close();
  }
});

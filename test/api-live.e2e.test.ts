import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { changesInAnswer, frameOf, type LiveNotice, scopedNotice, transferFlows } from '../src/api/routes/live.ts';
import { describeOnStores, get, keyHeaders, NOW } from './api-harness.ts';

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

import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { ledgerSink, storeRejections } from '../src/connectors/runtime/index.ts';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signWebhook, webhookRoutes } from '../src/connectors/webhook/index.ts';
import { connectorContract, type NeutralMove } from './support/connector-contract.ts';

const SECRET = 'whsec_contract_0123456789';

/** A neutral move as the Beijing SaaS WMS pushes it. */
function toEvent(m: NeutralMove): Record<string, unknown> {
  const item = { facility: 'WH-BJ', sku: m.code, quantity: m.qty, unit: m.unit ?? null, lot: m.lot ?? null, expires_on: m.expiry ?? null };
  const kinds = {
    receipt: { type: 'inventory.received', data: { ...item, to_state: 'sellable' } },
    hold: { type: 'inventory.state_changed', data: { ...item, from_state: 'sellable', to_state: 'on_hold', reason_code: 'quarantine' } },
    ship: { type: 'inventory.shipped', data: { ...item, from_state: 'sellable' } },
  };
  return { id: `evt_${m.seq}`, sequence: m.seq, created_at: '2026-11-25T03:00:00Z', ...kinds[m.kind] };
}

connectorContract({
  dialect: 'webhook',
  source: 'saas-bj',
  vocab: { warehouse: 'WH-BJ', tea: 'GT-100', vax: 'VX-9', vaxBox: 'box' },
  async open(hub) {
    const now = () => new Date();
    const app = Fastify({ logger: false });
    const rejections = storeRejections(hub.store.db);
    await app.register(webhookRoutes({ sink: ledgerSink(hub), secrets: (s) => (s === 'saas-bj' ? SECRET : undefined), now, recordRejection: (r) => rejections.record(r) }));
    let deliveries = 0;
    const post = async (body: string, expect: number): Promise<void> => {
      const ts = Math.floor(now().getTime() / 1000);
      const res = await app.inject({
        method: 'POST',
        url: '/hooks/saas-bj',
        headers: { 'content-type': 'application/json', [TIMESTAMP_HEADER]: String(ts), [SIGNATURE_HEADER]: signWebhook(SECRET, ts, body) },
        payload: body,
      });
      assert.equal(res.statusCode, expect, res.body);
    };
    const bodyOf = (moves: readonly NeutralMove[]) => JSON.stringify({ delivery_id: `dlv_${++deliveries}`, events: moves.map(toEvent) });
    return {
      deliver: (moves) => post(bodyOf(moves), 200),
      async deliverTwice(moves) {
        const body = bodyOf(moves);
        await post(body, 200);
        await post(body, 200);
      },
      deliverMalformed: () => post(JSON.stringify({ deliveryId: 'x', items: [] }), 400),
      close: () => app.close(),
    };
  },
});

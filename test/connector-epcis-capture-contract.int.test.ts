import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import type { MasterData } from '../src/domain/index.ts';
import { epcisCaptureRoutes, type EpcisSource, glnOf } from '../src/connectors/epcis/index.ts';
import { ledgerSink, storeRejections } from '../src/connectors/runtime/index.ts';
import { saveMasterData } from '../src/mdm/index.ts';
import { connectorContract, type NeutralMove } from './support/connector-contract.ts';

// The contract through the EPCIS 2.0 capture endpoint: each delivery is one EPCISDocument POSTed
// to /epcis/rfid-east/capture, one ObjectEvent per move at DC East (GLN 0690123000010) — receipts
// as bizStep receiving, holds as holding, shipments as shipping — counting the item by a GS1
// Digital Link class in quantityList (lot as AI 10, unit as uom, expiry in the ILMD). An item
// code that is not a GTIN is, in this dialect, a well-formed GTIN nobody declared.
const sourceData = JSON.parse(readFileSync(new URL('./fixtures/epcis/source-master-data.json', import.meta.url), 'utf8')) as MasterData;
const TOKEN = 'epcis-contract-token-0123456789';
const UNDECLARED_GTIN = '00690123999994';
const STEPS = { receipt: 'receiving', hold: 'holding', ship: 'shipping' } as const;
const DISPOSITIONS = { receipt: 'sellable_accessible', hold: 'non_sellable_other', ship: 'in_transit' } as const;

function epcisEvent(m: NeutralMove, doc: number): Record<string, unknown> {
  const gtin = /^\d{14}$/.test(m.code) ? m.code : UNDECLARED_GTIN;
  const epcClass = `https://id.gs1.org/01/${gtin}${m.lot ? `/10/${encodeURIComponent(m.lot)}` : ''}`;
  return {
    type: 'ObjectEvent',
    eventID: `urn:uuid:7c1d0000-0000-4000-8000-${String(doc).padStart(6, '0')}${String(m.seq).padStart(6, '0')}`,
    eventTime: `2026-11-25T08:${String(m.seq % 60).padStart(2, '0')}:00.000+08:00`,
    eventTimeZoneOffset: '+08:00',
    epcList: [],
    quantityList: [{ epcClass, quantity: m.qty, ...(m.unit ? { uom: m.unit } : {}) }],
    action: m.kind === 'receipt' ? 'ADD' : 'OBSERVE',
    bizStep: STEPS[m.kind],
    disposition: DISPOSITIONS[m.kind],
    readPoint: { id: 'urn:epc:id:sgln:0690123.00001.dock-1' },
    bizLocation: { id: 'urn:epc:id:sgln:0690123.00001.0' },
    ...(m.expiry ? { ilmd: { 'cbvmda:itemExpirationDate': m.expiry } } : {}),
  };
}

const documentOf = (moves: readonly NeutralMove[], doc: number): string =>
  JSON.stringify({
    '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: '2026-11-25T00:10:00.000Z',
    epcisBody: { eventList: moves.map((m) => epcisEvent(m, doc)) },
  });

connectorContract({
  dialect: 'epcis',
  source: 'rfid-east',
  vocab: { warehouse: 'WH-DC-EAST', tea: '06901234567892', vax: '06901234567809', vaxBox: 'BX' },
  noSequence: 'EPCIS events carry no source sequence (docs/connectors/epcis.md, Ids): gaps cannot be detected, duplicates are',
  async open(hub) {
    await hub.store.db.transaction().execute((tx) => saveMasterData(tx, sourceData));
    await hub.masterData.refresh();
    const app = Fastify({ logger: false });
    const rejections = storeRejections(hub.store.db);
    const source: EpcisSource = { token: TOKEN, warehouseFor: (id) => (glnOf(id)?.gln === '0690123000010' ? 'WH-DC-EAST' : undefined) };
    await app.register(
      epcisCaptureRoutes({ sink: ledgerSink(hub), sources: new Map([['rfid-east', source]]), now: () => new Date(), recordRejection: (r) => rejections.record(r) }),
    );
    let docs = 0;
    const post = async (payload: string, expect: number): Promise<void> => {
      const res = await app.inject({
        method: 'POST',
        url: '/epcis/rfid-east/capture',
        headers: { 'content-type': 'application/ld+json', authorization: `Bearer ${TOKEN}` },
        payload,
      });
      assert.equal(res.statusCode, expect, res.body);
    };
    return {
      deliver: (moves) => post(documentOf(moves, ++docs), 202),
      async deliverTwice(moves) {
        const body = documentOf(moves, ++docs);
        await post(body, 202);
        await post(body, 202);
      },
      deliverMalformed: () => post(JSON.stringify({ type: 'EPCISDocument', schemaVersion: '2.0', epcisBody: { events: [] } }), 400),
      close: () => app.close(),
    };
  },
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MasterData } from '../src/domain/index.ts';
import { EdiFolderConnector } from '../src/connectors/edi-x12/index.ts';
import { ledgerSink, storeCursors, storeRejections } from '../src/connectors/runtime/index.ts';
import { saveMasterData } from '../src/mdm/index.ts';
import { connectorContract, type NeutralMove } from './support/connector-contract.ts';

// The contract through the X12 folder transport: each delivery is one 846 inventory activity
// advice (BIA01 25) dropped into the partner's inbox, one LIN loop per move — receipts as QTY 87
// (quantity received), shipments as QTY 39 (shipped), holds as QTY ZZ, a mutually defined
// qualifier this partner's agreement gives "placed on hold" (the connector's qtyQualifiers
// option). Lots travel in REF*LT, expiry in DTM*036. The partner numbers each interchange by the
// last move it carries (ISA13), and the connector reads ISA13 as the source sequence.
const partnerData = JSON.parse(readFileSync(new URL('./fixtures/x12/partner-master-data.json', import.meta.url), 'utf8')) as MasterData;
const QTY = { receipt: '87', hold: 'ZZ', ship: '39' } as const;

/** One 846 incremental advice holding the moves, as interchange `control`. */
function advice(moves: readonly NeutralMove[], control: number): string {
  const body: string[] = ['BIA*25*SI*ACT' + control + '*20261125*0800', 'N1*WH*EAST 3PL DC*91*EAST01'];
  moves.forEach((m, i) => {
    body.push(`LIN*${i + 1}*${/^\d{14}$/.test(m.code) ? 'UK' : 'VN'}*${m.code}`, `QTY*${QTY[m.kind]}*${m.qty}*${m.unit ?? 'EA'}`);
    if (m.lot) body.push(`REF*LT*${m.lot}`);
    if (m.expiry) body.push(`DTM*036*${m.expiry.replaceAll('-', '')}`);
  });
  body.push(`CTT*${moves.length}`);
  const n = String(control).padStart(9, '0');
  return [
    `ISA*00*          *00*          *ZZ*EAST3PL        *ZZ*STOCKMESH      *261125*0800*U*00401*${n}*0*P*>`,
    `GS*IB*EAST3PL*STOCKMESH*20261125*0800*${control}*X*004010`,
    'ST*846*0001',
    ...body,
    `SE*${body.length + 2}*0001`,
    `GE*1*${control}`,
    `IEA*1*${n}`,
  ].join('~\n') + '~\n';
}

connectorContract({
  dialect: 'edi-x12',
  source: 'east3pl',
  vocab: { warehouse: 'WH-EAST', tea: '10690123456784', vax: '00690123456794', vaxBox: 'BX' },
  async open(hub) {
    await hub.store.db.transaction().execute((tx) => saveMasterData(tx, partnerData));
    await hub.masterData.refresh();
    const root = mkdtempSync(join(tmpdir(), 'stockmesh-x12-contract-'));
    const connector = new EdiFolderConnector({
      source: 'east3pl',
      inbox: join(root, 'in'),
      outbox: join(root, 'out'),
      hub: { qualifier: 'ZZ', id: 'STOCKMESH' },
      partner: { qualifier: 'ZZ', id: 'EAST3PL' },
      sink: ledgerSink(hub),
      rejections: storeRejections(hub.store.db),
      cursors: storeCursors(hub.store.db, () => new Date()),
      decode: {
        warehouseFor: (p) => (p.entity === 'WH' && p.id === 'EAST01' ? 'WH-EAST' : undefined),
        sequenceFromControlNumber: true,
        qtyQualifiers: { ZZ: { kind: 'activity', reason: 'quarantine', from: 'available', to: 'quarantine', label: 'placed on hold (trading partner agreement)' } },
      },
    });
    await connector.prepare();
    let files = 0;
    const drop = async (text: string, name = `846_${++files}.edi`): Promise<void> => {
      writeFileSync(join(root, 'in', name), text);
      writeFileSync(join(root, 'in', `${name}.done`), '');
      await connector.drain();
    };
    const last = (moves: readonly NeutralMove[]) => Math.max(...moves.map((m) => m.seq));
    return {
      deliver: (moves) => drop(advice(moves, last(moves))),
      async deliverTwice(moves) {
        const name = `846_${++files}.edi`;
        await drop(advice(moves, last(moves)), name);
        await drop(advice(moves, last(moves)), name);
      },
      deliverMalformed: () => drop(advice([{ seq: 1, kind: 'receipt', code: '10690123456784', qty: 1 }], 1).replace('QTY*87*1*EA', 'QTY*87*ONE*EA')),
      async close() {
        await connector.stop();
        rmSync(root, { recursive: true, force: true });
      },
    };
  },
});

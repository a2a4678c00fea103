import { RestPullConnector } from '../src/connectors/rest-pull/index.ts';
import { ledgerSink, storeCursors, storeRejections } from '../src/connectors/runtime/index.ts';
import { connectorContract, type NeutralMove } from './support/connector-contract.ts';
import { FakeRestWms, type FakeMovement, movement } from './support/fake-rest-wms.ts';

/** A neutral move as the Shanghai WMS's REST API writes it. */
function toItem(m: NeutralMove): FakeMovement {
  const words = {
    receipt: { move_type: 'RCV', from_status: null, to_status: 'AVAIL' },
    hold: { move_type: 'HOLD', from_status: 'AVAIL', to_status: 'QC' },
    ship: { move_type: 'SHIP', from_status: 'AVAIL', to_status: null },
  }[m.kind];
  return movement(m.seq, { item_no: m.code, qty: m.qty, uom: m.unit ?? 'each', lot_no: m.lot ?? null, exp_date: m.expiry ?? null, ...words });
}

connectorContract({
  dialect: 'rest-pull',
  source: 'wms-sh',
  vocab: { warehouse: 'WH-SH', tea: 'T-100', vax: 'VAX-1', vaxBox: 'box' },
  async open(hub) {
    const wms = new FakeRestWms();
    await wms.start();
    const now = () => new Date();
    const connector = new RestPullConnector({
      source: 'wms-sh',
      baseUrl: wms.baseUrl,
      sink: ledgerSink(hub),
      cursors: storeCursors(hub.store.db, now),
      rejections: storeRejections(hub.store.db),
      // The contract checks that the ledger records a gap; the resync that settles it is tested apart.
      resyncOnGap: false,
      pageSize: 50,
      now,
    });
    const pull = async (): Promise<void> => {
      while ((await connector.step()) === 'more');
    };
    return {
      async deliver(moves) {
        wms.push(...moves.map(toItem));
        await pull();
      },
      async deliverTwice(moves) {
        const items = moves.map(toItem);
        wms.push(...items);
        await pull();
        wms.push(...items);
        await pull();
      },
      async deliverMalformed() {
        wms.push({ ...movement(90), qty: 'ten' as unknown as number });
        await pull();
      },
      close: () => wms.stop(),
    };
  },
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileDropConnector, type FileLayout } from '../src/connectors/file-drop/index.ts';
import { ledgerSink, storeRejections } from '../src/connectors/runtime/index.ts';
import { connectorContract, type NeutralMove } from './support/connector-contract.ts';

const layouts = JSON.parse(readFileSync(new URL('./fixtures/file-drop/layouts.json', import.meta.url), 'utf8')) as FileLayout[];
const HEADER = '序号,日期,时间,单据类型,物料编码,批次,有效期,数量,单位,单号';
const TYPES = { receipt: '入库', hold: '冻结', ship: '出库' } as const;

/** A neutral move as a line of the Guangzhou ERP's CSV journal. */
const line = (m: NeutralMove): string =>
  [m.seq, '2026-11-25', `08:${String(m.seq % 60).padStart(2, '0')}`, TYPES[m.kind], m.code, m.lot ?? '', m.expiry?.replaceAll('-', '/') ?? '', m.qty, m.unit ?? '', `DOC-${m.seq}`].join(',');

connectorContract({
  dialect: 'file-drop',
  source: 'erp-gz',
  vocab: { warehouse: 'WH-GZ', tea: '6901234567892', vax: 'V-9', vaxBox: '盒' },
  async open(hub) {
    const dir = mkdtempSync(join(tmpdir(), 'stockmesh-drop-'));
    const connector = new FileDropConnector({ source: 'erp-gz', dir, layouts, sink: ledgerSink(hub), rejections: storeRejections(hub.store.db), stableMs: 50 });
    let files = 0;
    const drop = async (name: string, text: string): Promise<void> => {
      writeFileSync(join(dir, name), text);
      writeFileSync(join(dir, `${name}.done`), '');
      await connector.drain();
    };
    const journal = (moves: readonly NeutralMove[]) => [HEADER, ...moves.map(line)].join('\r\n') + '\r\n';
    return {
      deliver: (moves) => drop(`JN_${++files}.csv`, journal(moves)),
      async deliverTwice(moves) {
        const name = `JN_${++files}.csv`;
        await drop(name, journal(moves));
        await drop(name, journal(moves));
      },
      deliverMalformed: () => drop(`JN_${++files}.csv`, [HEADER, '1,2026-11-25,08:00,入库,6901234567892,,,abc,,DOC-1'].join('\n')),
      close: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
});

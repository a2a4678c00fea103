import { join } from 'node:path';
import type { ConnectorsFile } from '../connectors/network/index.ts';
import { glnOfSite, type Gs1Site } from './epcis-documents.ts';
import type { X12Parties } from './x12-documents.ts';

/**
 * Where the demo's WMS and the hub meet, and the shared secrets. The demo is local and says so:
 * its secrets are fixed strings; a real connectors file names environment variables (`env:NAME`).
 */
export const DEMO_LINKS = {
  rest: { source: 'sha-wms', token: 'demo-sha-wms-token', whCode: 'SH01' },
  webhooks: {
    'can-saas': { secret: 'demo-can-saas-secret', facility: 'GZ-BY-01' },
    'szv-gxp': { secret: 'demo-szv-gxp-secret', facility: 'SZ-SIP-GDP' },
    'szx-cold': { secret: 'demo-szx-cold-secret', facility: 'SZ-QH-COLD' },
  },
  erp: { source: 'pek-erp', whCode: 'BJ01', folder: 'pek-erp' },
  edi: {
    source: 'ctu-3pl-edi',
    inbox: join('ctu-3pl', 'inbox'),
    outbox: join('ctu-3pl', 'outbox'),
    parties: { partner: 'CTU3PL', hub: 'STOCKMESH', warehouseCode: 'CTU01', warehouseName: 'CHENGDU SHUANGLIU 3PL' } satisfies X12Parties,
  },
  epcis: {
    source: 'sin-bonded',
    token: 'demo-sin-bonded-token',
    gs1: { companyPrefix: '8880000', locationRef: '00010' } satisfies Gs1Site,
    releaseStep: 'https://stockmesh.example/voc/BizStep-releasing',
  },
} as const;

const journalColumns = {
  sequence: '序号',
  date: '日期',
  time: '时间',
  movementType: '单据类型',
  sku: '物料编码',
  lot: '批次',
  expiry: '有效期',
  quantity: '数量',
  unit: '单位',
  orderRef: '单号',
};

/** The ERP's document types: reason and the status words the quantity moves between. */
const MOVEMENT_TYPES = {
  入库: { reason: 'receipt', to: '可用' },
  分配: { reason: 'order_allocated', from: '可用', to: '已分配' },
  拣货: { reason: 'pick', from: '已分配', to: '拣货中' },
  出库: { reason: 'ship', from: '拣货中' },
  冻结: { reason: 'qc_hold', from: '可用', to: '冻结' },
  解冻: { reason: 'release', from: '冻结', to: '可用' },
  报损: { reason: 'damage_found', from: '可用', to: '残次' },
  盘盈: { reason: 'cycle_count', to: '可用' },
  盘亏: { reason: 'cycle_count', from: '可用' },
};

/**
 * The demo network's connectors, in the connectors-file format (docs/operations.md): the polled
 * REST WMS at `restBaseUrl`, three webhook sources, the ERP's drop folder and the 3PL's EDI
 * folders under `root`, the RFID portals' EPCIS capture. `every` scales the intervals (tests run
 * the demo faster).
 */
export function demoConnectorsFile(root: string, restBaseUrl: string, every: (ms: number) => number): ConnectorsFile {
  const codes = (w: string, code: string) => ({ [code]: w });
  return {
    sources: [
      {
        source: DEMO_LINKS.rest.source,
        dialect: 'rest-pull',
        baseUrl: restBaseUrl,
        headers: { authorization: `Bearer ${DEMO_LINKS.rest.token}` },
        warehouseCodes: codes('SHA-RDC', DEMO_LINKS.rest.whCode),
        pageSize: 200,
        pollIntervalMs: every(500),
        snapshotEveryMs: Math.max(1000, every(180_000)),
        backoff: { initialMs: 100, maxMs: every(5000), factor: 2 },
      },
      ...Object.entries(DEMO_LINKS.webhooks).map(([source, w]) => ({
        source,
        dialect: 'webhook' as const,
        secret: w.secret,
        warehouseCodes: codes({ 'can-saas': 'CAN-RDC', 'szv-gxp': 'SZV-GDP', 'szx-cold': 'SZX-COLD' }[source] ?? source, w.facility),
      })),
      {
        source: DEMO_LINKS.erp.source,
        dialect: 'file-drop',
        dir: join(root, DEMO_LINKS.erp.folder),
        stableMs: 1000,
        pollIntervalMs: every(250),
        layouts: [
          {
            name: 'pek-erp-journal',
            match: '^JN_\\d{8}_\\d{6}_\\d+\\.gbk\\.csv$',
            kind: 'journal',
            charset: 'gbk',
            format: { kind: 'csv', columns: journalColumns },
            utcOffset: '+08:00',
            defaults: { warehouse: DEMO_LINKS.erp.whCode },
            warehouseCodes: codes('PEK-RDC', DEMO_LINKS.erp.whCode),
            movementTypes: MOVEMENT_TYPES,
          },
          {
            name: 'pek-erp-stock',
            match: '^KC_(?<date>\\d{8})_(?<time>\\d{6})\\.gbk\\.csv$',
            kind: 'snapshot',
            charset: 'gbk',
            format: { kind: 'csv', columns: { warehouse: '仓库编码', sku: '物料编码', lot: '批次', expiry: '有效期', status: '库存状态', quantity: '数量', unit: '单位' } },
            ignoreLines: '^合计',
            utcOffset: '+08:00',
            warehouseCodes: codes('PEK-RDC', DEMO_LINKS.erp.whCode),
          },
        ],
      },
      {
        source: DEMO_LINKS.edi.source,
        dialect: 'edi-x12',
        inbox: join(root, DEMO_LINKS.edi.inbox),
        outbox: join(root, DEMO_LINKS.edi.outbox),
        hub: { qualifier: 'ZZ', id: DEMO_LINKS.edi.parties.hub },
        partner: { qualifier: 'ZZ', id: DEMO_LINKS.edi.parties.partner },
        parties: codes('CTU-3PL', DEMO_LINKS.edi.parties.warehouseCode),
        utcOffset: '+08:00',
        stableMs: 1000,
        pollIntervalMs: every(250),
      },
      {
        source: DEMO_LINKS.epcis.source,
        dialect: 'epcis',
        token: DEMO_LINKS.epcis.token,
        locations: { [glnOfSite(DEMO_LINKS.epcis.gs1)]: 'SIN-BOND' },
        bizSteps: {
          shipping: { kind: 'remove', reason: 'ship', from: 'picking' },
          [DEMO_LINKS.epcis.releaseStep]: { kind: 'change', reason: 'release', from: 'quarantine', to: 'available' },
        },
      },
    ],
  };
}

import type { MasterData } from '../../src/domain/index.ts';
import type { Hub } from '../../src/hub/index.ts';
import { saveMasterData } from '../../src/mdm/index.ts';

/** A two-warehouse network with one WMS dialect each: enough to exercise every ledger rule. */
export const smallNetwork: MasterData = {
  warehouses: [
    wh('WH-SH', 'east', 'wms-sh'),
    wh('WH-GZ', 'south', 'erp-gz'),
  ],
  skus: [
    sku('SKU-TEA', '6901234567892', false),
    sku('SKU-VAX', '6901234567809', true),
  ],
  units: [
    { sku: 'SKU-TEA', unit: 'case', factor: 12 },
    { sku: 'SKU-TEA', unit: 'pallet', factor: 480 },
    { sku: 'SKU-VAX', unit: 'box', factor: 10 },
  ],
  aliases: [
    { system: 'wms-sh', code: 'T-100', sku: 'SKU-TEA' },
    { system: 'wms-sh', code: 'T-100-CS', sku: 'SKU-TEA', unit: 'case' },
    { system: 'erp-gz', code: '6901234567892', sku: 'SKU-TEA' },
    { system: 'erp-gz', code: 'V-9', sku: 'SKU-VAX' },
  ],
  statusMaps: [
    { system: 'wms-sh', external: 'AVAIL', status: 'available' },
    { system: 'wms-sh', external: 'PICK', status: 'picking' },
    { system: 'wms-sh', external: 'QC', status: 'quarantine' },
    { system: 'erp-gz', external: '可用', status: 'available' },
    { system: 'erp-gz', external: '冻结', status: 'quarantine' },
  ],
  sources: [
    { id: 'wms-sh', name: 'Shanghai WMS', dialect: 'rest-pull', warehouses: ['WH-SH'] },
    { id: 'erp-gz', name: 'Guangzhou ERP', dialect: 'file-drop', warehouses: ['WH-GZ'] },
  ],
};

function wh(id: string, region: string, owner: string): MasterData['warehouses'][number] {
  return {
    id,
    name: id,
    kind: 'regional',
    region,
    lat: 30,
    lon: 120,
    storageClasses: ['ambient', 'chilled'],
    hazmat: false,
    dailyCapacity: 5000,
    cutoffTime: '17:00',
    timeZone: 'Asia/Shanghai',
    ownerTeam: `ops-${owner}`,
    active: true,
  };
}

function sku(id: string, gtin: string, lots: boolean): MasterData['skus'][number] {
  return {
    id,
    gtin,
    name: id,
    category: lots ? 'pharma' : 'food',
    baseUnit: 'each',
    weightKg: 0.25,
    storageClass: lots ? 'chilled' : 'ambient',
    hazmat: false,
    lotControlled: lots,
    expiryControlled: lots,
    minShelfLifeDays: lots ? 30 : 0,
  };
}

export async function seedSmallNetwork(hub: Hub, md: MasterData = smallNetwork): Promise<void> {
  await hub.store.db.transaction().execute((tx) => saveMasterData(tx, md));
  await hub.masterData.refresh();
}

let n = 0;
/** An inbound event of wms-sh with sensible defaults; override any field. */
export function shEvent(over: Record<string, unknown> = {}): Record<string, unknown> {
  n += 1;
  return {
    id: `sh-${n}`,
    source: 'wms-sh',
    occurredAt: '2026-11-25T08:00:00Z',
    warehouse: 'WH-SH',
    sku: 'T-100',
    quantity: 10,
    toStatus: 'AVAIL',
    reason: 'receipt',
    ...over,
  };
}

import type { CanonicalStatus, SourceSystem, StatusMapping } from '../domain/index.ts';

/**
 * How a source system names SKUs: its own item numbers (`own`, see demo-aliases.ts), the item's
 * GTIN-13 (`gtin`), the item's GTIN-14 as EPCIS derives it from an SGTIN (`gtin14`), the GTIN-14 of
 * the case, counting in X12 cases `CA` (`case-gtin14`), or the hub's canonical SKU ids (`canonical`,
 * for a sender that already speaks the hub's language).
 */
export type CodeScheme = 'own' | 'gtin' | 'gtin14' | 'case-gtin14' | 'canonical';

/** One WMS of the demo: the source record, how it names SKUs and its own status vocabulary. */
export interface DemoSource {
  readonly source: SourceSystem;
  readonly codes: CodeScheme;
  /**
   * External status → canonical status, in the order the system lists them; the first entry of a
   * canonical status is what the system itself sends for it. Empty = speaks canonical statuses.
   */
  readonly statuses: readonly (readonly [external: string, status: CanonicalStatus])[];
}

/** One source system per warehouse, each speaking a different dialect and status vocabulary. */
export const DEMO_SOURCES: readonly DemoSource[] = [
  {
    // A WMS built in house, polled over REST; terse upper-case statuses, its own item numbers.
    source: { id: 'sha-wms', name: 'Shanghai in-house WMS (REST, polled)', dialect: 'rest-pull', warehouses: ['SHA-RDC'] },
    codes: 'own',
    statuses: [
      ['AVAIL', 'available'],
      ['ALLOC', 'allocated'],
      ['PICK', 'picking'],
      ['QC', 'quarantine'],
      ['HOLD', 'quarantine'],
      ['DMG', 'damaged'],
      ['TRANSIT', 'in_transit'],
    ],
  },
  {
    // A SaaS WMS that pushes signed webhooks; scans GTINs. Its "locked" is what others call allocated.
    source: { id: 'can-saas', name: 'Guangzhou SaaS WMS (signed webhooks)', dialect: 'webhook', warehouses: ['CAN-RDC'] },
    codes: 'gtin',
    statuses: [
      ['sellable', 'available'],
      ['locked', 'allocated'],
      ['pending_pick', 'picking'],
      ['frozen', 'quarantine'],
      ['defective', 'damaged'],
      ['on_the_way', 'in_transit'],
    ],
  },
  {
    // The inventory module of an old ERP that can only export files; Chinese status names, material numbers.
    source: { id: 'pek-erp', name: 'Beijing ERP inventory module (file export)', dialect: 'file-drop', warehouses: ['PEK-RDC'] },
    codes: 'own',
    statuses: [
      ['可用', 'available'],
      ['已分配', 'allocated'],
      ['拣货中', 'picking'],
      ['待检', 'quarantine'],
      ['冻结', 'quarantine'],
      ['残次', 'damaged'],
      ['在途', 'in_transit'],
    ],
  },
  {
    // The hub's own WMS talks to Stockmesh's API directly: canonical SKU ids and statuses, no map.
    source: { id: 'wuh-hub-api', name: 'Wuhan hub WMS (Stockmesh API client)', dialect: 'api', warehouses: ['WUH-HUB'] },
    codes: 'canonical',
    statuses: [],
  },
  {
    // A partner 3PL exchanging EDI X12 (944 receipts, 945 shipments, 846 stock advice, 997 back):
    // case-level GTIN-14s counted in cases (CA). Its statuses are X12 quantity qualifiers, which the
    // connector maps to canonical statuses itself: no status map.
    source: { id: 'ctu-3pl-edi', name: 'Chengdu 3PL partner (EDI X12 944/945/846)', dialect: 'edi-x12', warehouses: ['CTU-3PL'] },
    codes: 'case-gtin14',
    statuses: [],
  },
  {
    // A cold-chain SaaS WMS pushing signed webhooks; its own item numbers (its A1001 is fresh milk,
    // Shanghai's A1001 a T-shirt: a declared homonym); blocked = temperature excursion.
    source: { id: 'szx-cold', name: 'Shenzhen cold-chain SaaS WMS (signed webhooks)', dialect: 'webhook', warehouses: ['SZX-COLD'] },
    codes: 'own',
    statuses: [
      ['OK', 'available'],
      ['RSV', 'allocated'],
      ['PCK', 'picking'],
      ['BLK', 'quarantine'],
      ['DMG', 'damaged'],
      ['TRN', 'in_transit'],
    ],
  },
  {
    // A validated GxP WMS with webhooks; pharma release states, its own product codes.
    source: { id: 'szv-gxp', name: 'Suzhou GxP pharma WMS (webhooks)', dialect: 'webhook', warehouses: ['SZV-GDP'] },
    codes: 'own',
    statuses: [
      ['RELEASED', 'available'],
      ['ALLOCATED', 'allocated'],
      ['PICKING', 'picking'],
      ['QUARANTINE', 'quarantine'],
      ['RESTRICTED', 'quarantine'],
      ['REJECTED', 'damaged'],
      ['IN_TRANSIT', 'in_transit'],
    ],
  },
  {
    // RFID portals of a bonded export warehouse publishing EPCIS 2.0 (serialised SGTINs): item
    // GTIN-14s; business steps and dispositions map to canonical statuses in the connector.
    source: { id: 'sin-bonded', name: 'Singapore bonded warehouse RFID portals (EPCIS 2.0)', dialect: 'epcis', warehouses: ['SIN-BOND'] },
    codes: 'gtin14',
    statuses: [],
  },
];

/** Every status mapping of the demo's source systems. */
export const demoStatusMaps = (): StatusMapping[] =>
  DEMO_SOURCES.flatMap((d) => d.statuses.map(([external, status]) => ({ system: d.source.id, external, status })));

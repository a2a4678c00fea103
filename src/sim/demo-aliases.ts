import type { Alias } from '../domain/index.ts';
import type { DemoSku } from './demo-skus.ts';
import type { DemoSource } from './demo-sources.ts';
import { packGtin14 } from './gtin-check-digit.ts';

/**
 * Item numbers of the systems that use their own (code scheme `own`): SKU id → external code.
 * A system can report only the SKUs it has a code for.
 */
export const OWN_ITEM_NUMBERS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  // Shanghai's in-house WMS numbers items from A1001 in the order they were first received.
  'sha-wms': {
    'APP-TEE-WHT-M': 'A1001',
    'APP-TEE-WHT-L': 'A1002',
    'APP-TEE-BLK-M': 'A1003',
    'APP-HOOD-GRY-L': 'A1004',
    'APP-JEAN-IND-32': 'A1005',
    'APP-JACK-DWN-M': 'A1006',
    'APP-SOCK-3PK': 'A1007',
    'APP-CAP-NVY': 'A1008',
    'ELE-EARBUD-TWS': 'A1101',
    'ELE-CABLE-USBC': 'A1102',
    'ELE-CHRG-65W': 'A1103',
    'ELE-SPK-BT': 'A1104',
    'ELE-WATCH-S1': 'A1105',
    'ELE-MOUSE-WL': 'A1106',
    'FOD-TEA-OOL-250': 'A1201',
    'FOD-NOOD-BEEF-5': 'A1202',
    'FOD-RICE-5KG': 'A1203',
    'CHL-MILK-1L': 'A1301',
    'CHL-YOG-PLN-500': 'A1302',
    'CHL-TOFU-400': 'A1303',
    'HLT-VITC-1000-60': 'A1401',
    'HOM-DET-2L': 'A1501',
    'HOM-TOWEL-BTH': 'A1502',
  },
  // The Beijing ERP's six-digit material numbers (material group + running number).
  'pek-erp': {
    'APP-TEE-WHT-M': '300101',
    'APP-TEE-WHT-L': '300102',
    'APP-TEE-BLK-M': '300103',
    'APP-HOOD-GRY-L': '300104',
    'APP-JEAN-IND-32': '300105',
    'APP-JACK-DWN-M': '300106',
    'APP-SOCK-3PK': '300107',
    'APP-CAP-NVY': '300108',
    'ELE-EARBUD-TWS': '410201',
    'ELE-CABLE-USBC': '410202',
    'ELE-CHRG-65W': '410203',
    'ELE-SPK-BT': '410204',
    'ELE-WATCH-S1': '410205',
    'ELE-MOUSE-WL': '410206',
    'FOD-TEA-OOL-250': '520301',
    'FOD-NOOD-BEEF-5': '520302',
    'FOD-RICE-5KG': '520303',
    'CHL-MILK-1L': '530401',
    'CHL-YOG-PLN-500': '530402',
    'CHL-TOFU-400': '530403',
    'HOM-DET-2L': '610501',
    'HOM-TOWEL-BTH': '610502',
  },
  // The GxP WMS's product codes.
  'szv-gxp': {
    'PHA-AMOX-500-24': 'PH-00231',
    'PHA-INSUL-PEN-3ML': 'PH-00417',
    'PHA-IBU-200-20': 'PH-00502',
    'HLT-MASK-N95-20': 'MD-01120',
    'HLT-VITC-1000-60': 'HC-00088',
    'CHM-IPA75-500': 'DG-00019',
  },
  // The cold-chain SaaS numbers its items from A1001 too: its A1001 is fresh milk, while
  // Shanghai's A1001 is a white T-shirt. A homonym, declared in DEMO_HOMONYMS; its other numbers
  // happen not to clash with Shanghai's.
  'szx-cold': {
    'CHL-MILK-1L': 'A1001',
    'CHL-YOG-PLN-500': 'A1021',
    'CHL-TOFU-400': 'A1022',
    'FRZ-DUMP-PORK-1K': 'A1023',
    'FRZ-SHRIMP-500': 'A1024',
  },
};

/** Codes that mean different SKUs in different systems, on purpose (legitimate, and reported as such). */
export const DEMO_HOMONYMS: readonly { readonly code: string; readonly meanings: readonly { readonly system: string; readonly sku: string }[] }[] = [
  {
    code: 'A1001',
    meanings: [
      { system: 'sha-wms', sku: 'APP-TEE-WHT-M' },
      { system: 'szx-cold', sku: 'CHL-MILK-1L' },
    ],
  },
];

/** How `source` names `sku`: the code and, when the code stands for a pack, that unit and its factor. */
export interface ExternalCode {
  readonly code: string;
  readonly unit?: string | undefined;
  /** Base units per `unit` (1 without a unit). */
  readonly factor: number;
}

/** X12's unit code of a case (element 355); the demo declares it for every SKU. */
export const X12_CASE = 'CA';

/** The code `source` uses for `sku`, or undefined when the system cannot name it. */
export function externalCode(source: DemoSource, sku: DemoSku): ExternalCode | undefined {
  const gtin = sku.sku.gtin;
  switch (source.codes) {
    case 'canonical':
      return { code: sku.sku.id, factor: 1 };
    case 'gtin':
      // A SKU without a GTIN is known to a GTIN-scanning system by the hub's SKU id.
      return { code: gtin ?? sku.sku.id, factor: 1 };
    case 'gtin14':
      // RFID tags carry SGTINs: without a GTIN there is no tag.
      return gtin === undefined ? undefined : { code: `0${gtin}`, factor: 1 };
    case 'case-gtin14':
      return gtin !== undefined && sku.packs.case !== undefined ? { code: packGtin14(gtin, 1), unit: X12_CASE, factor: sku.packs.case } : undefined;
    case 'own': {
      const code = OWN_ITEM_NUMBERS[source.source.id]?.[sku.sku.id];
      return code === undefined ? undefined : { code, factor: 1 };
    }
  }
}

/** Every alias the demo's systems need: one per (system, SKU) the system can name by a code other than the SKU id. */
export function demoAliases(sources: readonly DemoSource[], skus: readonly DemoSku[]): Alias[] {
  const out: Alias[] = [];
  for (const source of sources) {
    for (const sku of skus) {
      const ext = externalCode(source, sku);
      if (ext === undefined || ext.code === sku.sku.id) continue;
      out.push(ext.unit === undefined ? { system: source.source.id, code: ext.code, sku: sku.sku.id } : { system: source.source.id, code: ext.code, sku: sku.sku.id, unit: ext.unit });
    }
  }
  return out;
}

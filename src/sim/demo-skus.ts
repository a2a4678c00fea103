import type { Sku, StorageClass } from '../domain/index.ts';
import { gtin13 } from './gtin-check-digit.ts';

/** One demo SKU with what the demo needs besides master data: its packs and shelf life. */
export interface DemoSku {
  readonly sku: Sku;
  /** Units other than the base unit, each an integer number of base units. Every SKU has a `case`. */
  readonly packs: Readonly<Record<string, number>>;
  /** Days from production to expiry, for expiry-controlled SKUs; demo lots are dated from it. */
  readonly shelfLifeDays?: number;
}

interface Row {
  readonly id: string;
  readonly name: string;
  readonly category: string;
  /** The first 12 digits of its GTIN-13 (company prefix + item reference); null = no GTIN. */
  readonly gtinBody: string | null;
  readonly weightKg: number;
  readonly packs: Readonly<Record<string, number>>;
  readonly baseUnit?: string;
  readonly storage?: StorageClass;
  readonly hazmat?: boolean;
  /** Lot control: 'lot' = lots only, 'expiry' = lots with expiry dates. */
  readonly control?: 'lot' | 'expiry';
  readonly shelfLifeDays?: number;
  readonly minShelfLifeDays?: number;
}

function demoSku(r: Row): DemoSku {
  return {
    sku: {
      id: r.id,
      gtin: r.gtinBody === null ? undefined : gtin13(r.gtinBody),
      name: r.name,
      category: r.category,
      baseUnit: r.baseUnit ?? 'each',
      weightKg: r.weightKg,
      storageClass: r.storage ?? 'ambient',
      hazmat: r.hazmat ?? false,
      lotControlled: r.control !== undefined,
      expiryControlled: r.control === 'expiry',
      minShelfLifeDays: r.minShelfLifeDays ?? 0,
    },
    packs: r.packs,
    ...(r.shelfLifeDays !== undefined ? { shelfLifeDays: r.shelfLifeDays } : {}),
  };
}

// GS1 company prefixes of made-up brand owners (GS1 China range 690–699).
const APPAREL = '6971234';
const ELECTRONICS = '6975543';
const FOOD = '6927781';
const PHARMA = '6937702';
const HOME = '6959910';

/** 31 SKUs: apparel, electronics (one a lithium battery: dangerous goods), food, chilled and frozen food, pharma, chemicals, home. */
export const DEMO_SKUS: readonly DemoSku[] = [
  // Apparel: sold by the piece, packed 6 to an inner polybag bundle.
  demoSku({ id: 'APP-TEE-WHT-M', name: 'Cotton T-shirt, white, M', category: 'apparel', gtinBody: APPAREL + '10011', weightKg: 0.2, packs: { inner: 6, case: 48, pallet: 1440 } }),
  demoSku({ id: 'APP-TEE-WHT-L', name: 'Cotton T-shirt, white, L', category: 'apparel', gtinBody: APPAREL + '10012', weightKg: 0.22, packs: { inner: 6, case: 48, pallet: 1440 } }),
  demoSku({ id: 'APP-TEE-BLK-M', name: 'Cotton T-shirt, black, M', category: 'apparel', gtinBody: APPAREL + '10021', weightKg: 0.2, packs: { inner: 6, case: 48, pallet: 1440 } }),
  demoSku({ id: 'APP-HOOD-GRY-L', name: 'Fleece hoodie, grey, L', category: 'apparel', gtinBody: APPAREL + '10112', weightKg: 0.55, packs: { case: 24, pallet: 720 } }),
  demoSku({ id: 'APP-JEAN-IND-32', name: 'Slim jeans, indigo, W32', category: 'apparel', gtinBody: APPAREL + '10232', weightKg: 0.65, packs: { case: 24, pallet: 720 } }),
  demoSku({ id: 'APP-JACK-DWN-M', name: 'Down jacket, black, M', category: 'apparel', gtinBody: APPAREL + '10311', weightKg: 0.9, packs: { case: 12, pallet: 300 } }),
  demoSku({ id: 'APP-SOCK-3PK', name: 'Sport socks, 3-pack', category: 'apparel', gtinBody: APPAREL + '10400', weightKg: 0.12, packs: { inner: 12, case: 144, pallet: 4320 } }),
  demoSku({ id: 'APP-CAP-NVY', name: 'Baseball cap, navy', category: 'apparel', gtinBody: APPAREL + '10500', weightKg: 0.1, packs: { inner: 12, case: 96, pallet: 2880 } }),
  // Electronics.
  demoSku({ id: 'ELE-EARBUD-TWS', name: 'Wireless earbuds, TWS', category: 'electronics', gtinBody: ELECTRONICS + '20010', weightKg: 0.15, packs: { inner: 10, case: 50, pallet: 2000 } }),
  demoSku({ id: 'ELE-PB-10K', name: 'Power bank 10,000 mAh (UN3480, lithium-ion)', category: 'electronics', gtinBody: ELECTRONICS + '20020', weightKg: 0.25, hazmat: true, packs: { case: 40, pallet: 1600 } }),
  demoSku({ id: 'ELE-CABLE-USBC', name: 'USB-C cable, 1 m', category: 'electronics', gtinBody: ELECTRONICS + '20030', weightKg: 0.05, packs: { inner: 20, case: 200, pallet: 8000 } }),
  demoSku({ id: 'ELE-CHRG-65W', name: 'USB-C charger 65 W', category: 'electronics', gtinBody: ELECTRONICS + '20040', weightKg: 0.18, packs: { case: 50, pallet: 2000 } }),
  demoSku({ id: 'ELE-SPK-BT', name: 'Bluetooth speaker', category: 'electronics', gtinBody: ELECTRONICS + '20050', weightKg: 0.6, packs: { case: 20, pallet: 480 } }),
  demoSku({ id: 'ELE-WATCH-S1', name: 'Smart watch S1', category: 'electronics', gtinBody: ELECTRONICS + '20060', weightKg: 0.2, packs: { case: 30, pallet: 1200 } }),
  demoSku({ id: 'ELE-MOUSE-WL', name: 'Wireless mouse', category: 'electronics', gtinBody: ELECTRONICS + '20070', weightKg: 0.1, packs: { case: 50, pallet: 2500 } }),
  // Ambient food: lots with best-before dates.
  demoSku({ id: 'FOD-TEA-OOL-250', name: 'Oolong tea, 250 g tin', category: 'food', gtinBody: FOOD + '30010', weightKg: 0.28, control: 'expiry', shelfLifeDays: 540, minShelfLifeDays: 90, packs: { case: 24, pallet: 1152 } }),
  demoSku({ id: 'FOD-NOOD-BEEF-5', name: 'Beef noodles, 5-pack', category: 'food', gtinBody: FOOD + '30020', weightKg: 0.6, control: 'expiry', shelfLifeDays: 180, minShelfLifeDays: 30, packs: { case: 6, pallet: 360 } }),
  demoSku({ id: 'FOD-RICE-5KG', name: 'Jasmine rice, 5 kg', category: 'food', gtinBody: FOOD + '30030', weightKg: 5.1, baseUnit: 'bag', control: 'expiry', shelfLifeDays: 365, minShelfLifeDays: 60, packs: { case: 4, pallet: 200 } }),
  // Chilled and frozen food.
  demoSku({ id: 'CHL-MILK-1L', name: 'Fresh milk, 1 L', category: 'chilled-food', gtinBody: FOOD + '40010', weightKg: 1.05, baseUnit: 'bottle', storage: 'chilled', control: 'expiry', shelfLifeDays: 10, minShelfLifeDays: 3, packs: { case: 12, pallet: 576 } }),
  demoSku({ id: 'CHL-YOG-PLN-500', name: 'Plain yoghurt, 500 g', category: 'chilled-food', gtinBody: FOOD + '40020', weightKg: 0.52, storage: 'chilled', control: 'expiry', shelfLifeDays: 21, minShelfLifeDays: 5, packs: { case: 12, pallet: 720 } }),
  demoSku({ id: 'CHL-TOFU-400', name: 'Silken tofu, 400 g', category: 'chilled-food', gtinBody: FOOD + '40030', weightKg: 0.42, storage: 'chilled', control: 'expiry', shelfLifeDays: 14, minShelfLifeDays: 4, packs: { case: 20, pallet: 800 } }),
  demoSku({ id: 'FRZ-DUMP-PORK-1K', name: 'Pork dumplings, frozen, 1 kg', category: 'frozen-food', gtinBody: FOOD + '50010', weightKg: 1.02, baseUnit: 'bag', storage: 'frozen', control: 'expiry', shelfLifeDays: 270, minShelfLifeDays: 60, packs: { case: 10, pallet: 400 } }),
  demoSku({ id: 'FRZ-SHRIMP-500', name: 'Peeled shrimp, frozen, 500 g', category: 'frozen-food', gtinBody: FOOD + '50020', weightKg: 0.55, storage: 'frozen', control: 'expiry', shelfLifeDays: 365, minShelfLifeDays: 90, packs: { case: 20, pallet: 800 } }),
  // Pharma (GDP: lots, expiry, long minimum remaining shelf life) and health.
  demoSku({ id: 'PHA-AMOX-500-24', name: 'Amoxicillin 500 mg, 24 capsules', category: 'pharma', gtinBody: PHARMA + '60010', weightKg: 0.04, baseUnit: 'box', storage: 'controlled', control: 'expiry', shelfLifeDays: 1095, minShelfLifeDays: 180, packs: { case: 200, pallet: 9600 } }),
  demoSku({ id: 'PHA-INSUL-PEN-3ML', name: 'Insulin pen, 3 ml (2–8 °C)', category: 'pharma', gtinBody: PHARMA + '60020', weightKg: 0.03, baseUnit: 'pen', storage: 'chilled', control: 'expiry', shelfLifeDays: 730, minShelfLifeDays: 180, packs: { inner: 5, case: 100, pallet: 4000 } }),
  demoSku({ id: 'PHA-IBU-200-20', name: 'Ibuprofen 200 mg, 20 tablets', category: 'pharma', gtinBody: PHARMA + '60030', weightKg: 0.03, baseUnit: 'box', storage: 'controlled', control: 'expiry', shelfLifeDays: 1095, minShelfLifeDays: 180, packs: { case: 200, pallet: 9600 } }),
  demoSku({ id: 'HLT-MASK-N95-20', name: 'N95 respirator masks, box of 20', category: 'medical-device', gtinBody: PHARMA + '61010', weightKg: 0.15, baseUnit: 'box', control: 'lot', packs: { case: 40, pallet: 1600 } }),
  demoSku({ id: 'HLT-VITC-1000-60', name: 'Vitamin C 1000 mg, 60 tablets', category: 'health', gtinBody: PHARMA + '62010', weightKg: 0.12, control: 'expiry', shelfLifeDays: 730, minShelfLifeDays: 120, packs: { case: 48, pallet: 2304 } }),
  // Chemicals (dangerous goods) and home.
  demoSku({ id: 'CHM-IPA75-500', name: 'Isopropyl alcohol 75 %, 500 ml (UN1219, flammable)', category: 'chemicals', gtinBody: HOME + '70010', weightKg: 0.45, baseUnit: 'bottle', hazmat: true, control: 'expiry', shelfLifeDays: 730, minShelfLifeDays: 90, packs: { case: 24, pallet: 960 } }),
  demoSku({ id: 'HOM-DET-2L', name: 'Laundry detergent, 2 L', category: 'home', gtinBody: HOME + '80010', weightKg: 2.1, baseUnit: 'bottle', packs: { case: 6, pallet: 360 } }),
  demoSku({ id: 'HOM-TOWEL-BTH', name: 'Bath towel, private label (no GTIN)', category: 'home', gtinBody: null, weightKg: 0.5, packs: { case: 20, pallet: 600 } }),
];

import { canStock } from './demo-stock.ts';
import type { DemoNetwork } from './demo-network.ts';
import type { DemoSku } from './demo-skus.ts';
import type { DemoSource } from './demo-sources.ts';

/** What a simulated WMS does to its stock. */
export type Op = 'receipt' | 'allocate' | 'pick' | 'ship' | 'hold' | 'release' | 'damage' | 'count';

/** How a site's stock moves: which operations, how often, and what its dialect can say. */
export interface Flow {
  readonly weights: Readonly<Partial<Record<Op, number>>>;
  /** A pick takes allocated stock (order flow) or available stock (an RFID picking portal). */
  readonly pickFrom: 'allocated' | 'available';
  /** A shipment takes picked stock, or available stock (a 3PL's 945 ships out of available). */
  readonly shipFrom: 'picking' | 'available';
  /** Whole cases only (a 3PL counting in X12 `CA`). */
  readonly wholeCases: boolean;
  /** Only SKUs without lot control (dialects whose movements carry no expiry date: X12 944/945, EPCIS removals). */
  readonly noLots: boolean;
}

const ORDER_FLOW: Flow = {
  weights: { receipt: 3, allocate: 3, pick: 2.5, ship: 2.5, hold: 0.5, release: 0.5, damage: 0.3, count: 0.6 },
  pickFrom: 'allocated',
  shipFrom: 'picking',
  wholeCases: false,
  noLots: false,
};

/** The flow each dialect can express (docs/connectors/*.md). */
export const FLOWS: Readonly<Record<string, Flow>> = {
  'rest-pull': ORDER_FLOW,
  webhook: ORDER_FLOW,
  'file-drop': ORDER_FLOW,
  api: ORDER_FLOW,
  // 944 receipts and 945 shipments; the rest of the 3PL's stock comes in its 846 listings.
  'edi-x12': { weights: { receipt: 1, ship: 1 }, pickFrom: 'available', shipFrom: 'available', wholeCases: true, noLots: true },
  // Portals: receiving, picking, shipping (from picked), holding and a user-defined release step.
  epcis: { weights: { receipt: 3, pick: 3, ship: 3, hold: 0.4, release: 0.4 }, pickFrom: 'available', shipFrom: 'picking', wholeCases: false, noLots: true },
};

/** One warehouse of the live demo: its WMS, what it moves and how. */
export interface Site {
  readonly warehouse: string;
  readonly source: DemoSource;
  /** SKUs it receives and moves live (its assortment within what its dialect can say). */
  readonly skus: readonly DemoSku[];
  readonly flow: Flow;
  /** Prefix of its order references (`SO-SHA-`). */
  readonly orderPrefix: string;
}

/** The live sites of the demo network, one per source system, in master data order. */
export function demoSites(net: DemoNetwork): Site[] {
  return net.sources.flatMap((source) => {
    const warehouse = source.source.warehouses[0];
    const flow = FLOWS[source.source.dialect];
    if (warehouse === undefined || flow === undefined) return [];
    const skus = net.skus.filter((s) => canStock(net, warehouse, s) && (!flow.noLots || !s.sku.lotControlled));
    return [{ warehouse, source, skus, flow, orderPrefix: `SO-${warehouse.slice(0, 3)}-` }];
  });
}

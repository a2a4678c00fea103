import type { Conflict } from '../mdm/index.ts';

/**
 * Everything the detection rules look at, read in one go by `loadFacts` (src/exceptions/load-facts.ts)
 * so that the rules themselves are pure functions of these facts and the clock.
 */
export interface ExceptionFacts {
  readonly sources: readonly SourceFact[];
  readonly openGaps: readonly GapFact[];
  /** Drift lines of each warehouse's latest snapshot (a later clean snapshot clears them). */
  readonly drift: readonly DriftFact[];
  /** Positions that cannot be: qty < 0, held < 0, or more held than available. */
  readonly impossible: readonly PositionFact[];
  /** Pending dead letters, grouped by source. */
  readonly deadLetters: readonly DeadLetterFact[];
  /** Orders not cancelled and not yet fully shipped. */
  readonly openOrders: readonly OrderFact[];
  /** Per warehouse × SKU: ATP now and the units shipped out over the demand window. */
  readonly demand: readonly DemandFact[];
  /** Lots in stock (qty > 0 over all statuses) with their first receipt and expiry. */
  readonly lots: readonly LotFact[];
  /** Errors in master data (duplicate GTINs, undeclared synonyms); homonyms are not errors. */
  readonly conflicts: readonly Conflict[];
}

export interface SourceFact {
  readonly id: string;
  /** Warehouses the source reports for (master data). */
  readonly warehouses: readonly string[];
  /** Time of its last applied event; null = never reported. */
  readonly lastEventAt: string | null;
}

export interface GapFact {
  readonly id: string;
  readonly source: string;
  readonly sourceWarehouses: readonly string[];
  readonly fromSeq: number;
  readonly toSeq: number;
  readonly filled: number;
  readonly detectedAt: string;
}

export interface DriftFact {
  readonly snapshotId: string;
  readonly takenAt: string;
  readonly warehouse: string;
  readonly sku: string;
  readonly lot: string;
  readonly status: string;
  readonly ledgerQty: number;
  readonly countedQty: number;
  readonly delta: number;
}

export interface PositionFact {
  readonly warehouse: string;
  readonly sku: string;
  readonly lot: string;
  readonly status: string;
  readonly qty: number;
  readonly held: number;
}

export interface DeadLetterFact {
  /** null = refused before its source was known. */
  readonly source: string | null;
  readonly sourceWarehouses: readonly string[];
  readonly pending: number;
  readonly oldestAt: string;
  /** Error codes seen, sorted. */
  readonly codes: readonly string[];
}

export interface OrderFact {
  readonly id: string;
  readonly state: string;
  readonly createdAt: string;
  /** Hours from creation the customer was promised; null = no promise. */
  readonly promisedHours: number | null;
  /** Warehouses holding stock for it, sorted. */
  readonly warehouses: readonly string[];
  readonly unitsOrdered: number;
  readonly unitsShipped: number;
}

export interface DemandFact {
  readonly warehouse: string;
  readonly sku: string;
  /** available − held now. */
  readonly atp: number;
  /** Units shipped (or sold, dispensed, transferred out) over the demand window. */
  readonly outboundUnits: number;
}

export interface LotFact {
  readonly warehouse: string;
  readonly sku: string;
  readonly lot: string;
  readonly qty: number;
  /** First receipt of the lot at the warehouse; null when the ledger has none (e.g. drift only). */
  readonly receivedAt: string | null;
  /** YYYY-MM-DD, or null. */
  readonly expiry: string | null;
  /** The SKU's minimum remaining shelf life to ship (days). */
  readonly minShelfLifeDays: number;
}

import type { AllocationProblem, Lane } from './problem-types.ts';

/** One eligible lot of a SKU in a warehouse, in first-expiry-first-out order. */
export interface EligibleLot {
  readonly lot?: string;
  readonly expiry?: string;
  readonly qty: number;
}

/** A warehouse an order may ship from, with what a shipment from it costs. */
export interface Candidate {
  readonly warehouse: number;
  /** Orders with quotes: the quote's cost plus handling of all units; the order ships whole. */
  readonly quoteCost: number;
  /** Orders with quotes: the quote's load on capacity. */
  readonly quoteLoad: number;
  /** Orders without quotes: lane fixed cost plus the late penalty, paid once per shipment. */
  readonly fixed: number;
  /** Orders without quotes: cost per unit of each line (kg cost + handling); NaN where the line cannot ship from here. */
  readonly unit: readonly number[];
  readonly lane?: Lane;
  readonly lateHours: number;
}

/** Why a warehouse cannot serve an order. */
export interface Exclusion {
  readonly warehouse: number;
  readonly reason: string;
}

export interface PreparedLine {
  readonly sku: number;
  readonly qty: number;
}

export interface PreparedOrder {
  readonly index: number;
  readonly id: string;
  readonly quoted: boolean;
  /** Lines merged by SKU, in first appearance order. */
  readonly lines: readonly PreparedLine[];
  /** Units of the order: the sum of line quantities, or 1 for an order without lines. */
  readonly units: number;
  readonly candidates: readonly Candidate[];
  readonly excluded: readonly Exclusion[];
  readonly priority: number;
}

/** A problem indexed for solving: integer indices, eligible stock per warehouse × SKU, candidates per order. */
export interface PreparedProblem {
  readonly problem: AllocationProblem;
  readonly W: number;
  readonly S: number;
  readonly warehouseIndex: ReadonlyMap<string, number>;
  readonly skuIndex: ReadonlyMap<string, number>;
  /** Eligible stock (storage, hazmat, switched on, shelf life) per `w * S + s`. */
  readonly available: Float64Array;
  /** Eligible lots per `w * S + s`, first expiry first. */
  readonly lots: readonly (readonly EligibleLot[])[];
  readonly capacity: Float64Array;
  readonly orders: readonly PreparedOrder[];
  /** Whether every quantity of cost is an integer (then ceil(LP) is a valid bound). */
  readonly integralCosts: boolean;
}

/** Per line shipped quantities of one order from one warehouse (empty for an order without lines). */
export interface ShipmentDecision {
  readonly warehouse: number;
  readonly qty: readonly number[];
}

/** An order's shipments; an empty list leaves it unfilled. */
export type OrderDecision = readonly ShipmentDecision[];

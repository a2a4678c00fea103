/** The parts of one shipment's cost (docs/allocation-format.md, "Cost of a plan"). */
export interface CostBreakdown {
  /** The quote's cost (orders with quotes). */
  readonly quote: number;
  /** Lane fixed cost (orders without quotes). */
  readonly fixed: number;
  /** Lane cost per kg × kg shipped. */
  readonly weight: number;
  /** Late penalty per hour × hours late. */
  readonly late: number;
  /** Handling cost per unit × units. */
  readonly handling: number;
  readonly total: number;
}

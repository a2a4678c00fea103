/** Thresholds of the detection rules (docs/exceptions.md, "Types and severity rules"). */
export interface RulesConfig {
  /** A source with no event for this long is silent. */
  readonly silentAfterMinutes: number;
  /** An order whose promise is closer than this (and is not fully shipped) is at risk. */
  readonly orderLeadTimeHours: number;
  /** Window of the outbound rate behind the stock-out prediction. */
  readonly demandWindowDays: number;
  /** Days of cover below which a stock-out is predicted. */
  readonly coverDaysThreshold: number;
  /** A lot older than this (since its first receipt) is aged. */
  readonly agedDays: number;
  /** A lot expiring within this many days (or below its SKU's minimum shelf life) is expiring. */
  readonly expiringDays: number;
  /** After a manual resolution the same problem is not raised again for this long. */
  readonly manualQuietMinutes: number;
}

export const DEFAULT_RULES_CONFIG: RulesConfig = {
  silentAfterMinutes: 60,
  orderLeadTimeHours: 24,
  demandWindowDays: 7,
  coverDaysThreshold: 7,
  agedDays: 180,
  expiringDays: 7,
  manualQuietMinutes: 60,
};

/** The canonical stock statuses every WMS status maps onto. Hub holds are kept apart from these. */
export const CANONICAL_STATUSES = [
  'available',
  'allocated',
  'picking',
  'quarantine',
  'damaged',
  'in_transit',
] as const;

export type CanonicalStatus = (typeof CANONICAL_STATUSES)[number];

export const isCanonicalStatus = (s: string): s is CanonicalStatus =>
  (CANONICAL_STATUSES as readonly string[]).includes(s);

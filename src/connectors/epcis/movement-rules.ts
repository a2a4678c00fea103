import type { CanonicalStatus } from '../../domain/index.ts';

/**
 * The documented mapping from CBV business steps and dispositions to stock movements. A business
 * step says what happened; the disposition says the state the objects are in afterwards; together
 * they give the movement (from → to status, reason). EPCIS carries no "before" state, so every
 * rule names the status it takes stock from — the status the hub's own rules put it in — and a
 * site whose flow differs passes its own rules (`bizSteps`, `dispositions` options).
 */

/** What a disposition says about the objects' state after the event. */
export type DispositionEffect =
  | { readonly kind: 'status'; readonly status: CanonicalStatus }
  /** The objects are no longer stock (destroyed, sold, stolen…). */
  | { readonly kind: 'gone' }
  /** No stock meaning (in_progress, container_closed…): the business step decides. */
  | { readonly kind: 'neutral' };

export type BizStepRule =
  /** Stock arrives: to the disposition's status, else `available` (from in_transit with receiptsFromInTransit). */
  | { readonly kind: 'receive'; readonly reason: string }
  /** New stock is created (ADD only): to the disposition's status, else `available`. */
  | { readonly kind: 'create'; readonly reason: string }
  /** Stock changes status in place: from `from` to the disposition's status, else to `to` (neither: no movement). */
  | { readonly kind: 'change'; readonly reason: string; readonly from: CanonicalStatus; readonly to?: CanonicalStatus | undefined }
  /** Stock leaves the warehouse's books. */
  | { readonly kind: 'remove'; readonly reason: string; readonly from: CanonicalStatus }
  /** No stock movement, with the reason why. */
  | { readonly kind: 'none'; readonly why: string };

const status = (s: CanonicalStatus): DispositionEffect => ({ kind: 'status', status: s });
const gone: DispositionEffect = { kind: 'gone' };
const neutral: DispositionEffect = { kind: 'neutral' };

export const DISPOSITIONS: Readonly<Record<string, DispositionEffect>> = {
  active: status('available'),
  available: status('available'),
  sellable_accessible: status('available'),
  sellable_not_accessible: status('available'),
  conformant: status('available'),
  in_transit: status('in_transit'),
  damaged: status('damaged'),
  needs_replacement: status('damaged'),
  recalled: status('quarantine'),
  non_sellable_other: status('quarantine'),
  expired: status('quarantine'),
  non_conformant: status('quarantine'),
  returned: status('quarantine'),
  unavailable: status('quarantine'),
  no_pedigree_match: status('quarantine'),
  mismatch_instance: status('quarantine'),
  mismatch_class: status('quarantine'),
  mismatch_quantity: status('quarantine'),
  reserved: status('allocated'),
  destroyed: gone,
  disposed: gone,
  retail_sold: gone,
  dispensed: gone,
  stolen: gone,
  in_progress: neutral,
  container_closed: neutral,
  container_open: neutral,
  partially_dispensed: neutral,
  encoded: neutral,
  inactive: neutral,
  unknown: neutral,
  completeness_verified: neutral,
  completeness_inferred: neutral,
};

const none = (why: string): BizStepRule => ({ kind: 'none', why });

export const BIZ_STEPS: Readonly<Record<string, BizStepRule>> = {
  receiving: { kind: 'receive', reason: 'receipt' },
  accepting: { kind: 'receive', reason: 'receipt' },
  arriving: { kind: 'receive', reason: 'receipt' },
  void_shipping: { kind: 'receive', reason: 'ship_void' },
  commissioning: { kind: 'create', reason: 'commission' },
  picking: { kind: 'change', reason: 'pick', from: 'available', to: 'picking' },
  storing: { kind: 'change', reason: 'putaway', from: 'available' },
  stocking: { kind: 'change', reason: 'putaway', from: 'available' },
  holding: { kind: 'change', reason: 'quarantine', from: 'available', to: 'quarantine' },
  inspecting: { kind: 'change', reason: 'inspect', from: 'available' },
  shipping: { kind: 'remove', reason: 'ship', from: 'available' },
  departing: { kind: 'remove', reason: 'ship', from: 'available' },
  returning: { kind: 'remove', reason: 'return_shipped', from: 'available' },
  destroying: { kind: 'remove', reason: 'destroy', from: 'damaged' },
  disposing: { kind: 'remove', reason: 'destroy', from: 'damaged' },
  decommissioning: { kind: 'remove', reason: 'decommission', from: 'available' },
  killing: { kind: 'remove', reason: 'decommission', from: 'available' },
  retail_selling: { kind: 'remove', reason: 'sale', from: 'available' },
  dispensing: { kind: 'remove', reason: 'dispense', from: 'available' },
  packing: none('packing puts objects into a container: same stock, same status'),
  unpacking: none('unpacking takes objects out of a container: same stock, same status'),
  loading: none('loading onto a vehicle inside the site: the shipping step moves the stock'),
  unloading: none('unloading inside the site: the receiving step moves the stock'),
  staging_outbound: none('staging for shipment: the shipping step moves the stock'),
  transporting: none('transport between sites: the origin ships, the destination receives'),
  cycle_counting: none('a count is a balance, not a movement: send it as a snapshot'),
  stock_taking: none('a count is a balance, not a movement: send it as a snapshot'),
  sensor_reporting: none('sensor readings, no stock movement'),
  encoding: none('writing tags: no stock yet'),
  entering_exiting: none('entering or leaving an area inside the site'),
  collecting: none('collecting: no stock movement at this site'),
  assembling: none('assembling: record it as a TransformationEvent to move stock'),
  disassembling: none('disassembling: record it as a TransformationEvent to move stock'),
  installing: none('installing: no warehouse stock movement'),
  removing: none('removing a part from a larger object: no warehouse stock movement'),
  repairing: none('repairing: the disposition of a later step says the new state'),
  replacing: none('replacing: no warehouse stock movement'),
  reserving: none('reserving identifiers: no stock'),
  sampling: none('sampling: no stock movement recorded'),
  other: none('bizStep "other" carries no stock meaning'),
};

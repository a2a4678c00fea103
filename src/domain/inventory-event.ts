import type { CanonicalStatus } from './statuses.ts';

/**
 * An inbound event as a WMS or connector sends it (docs/event-format.md): codes, units and statuses
 * are still the source system's own. Fields are validated by the ledger's schema before mapping.
 */
export interface InboundEvent {
  readonly id: string;
  readonly source: string;
  readonly sequence?: number | undefined;
  readonly occurredAt: string;
  readonly warehouse: string;
  readonly sku: string;
  readonly unit?: string | undefined;
  readonly quantity: number | string;
  readonly lot?: string | undefined;
  readonly expiry?: string | undefined;
  readonly fromStatus?: string | undefined;
  readonly toStatus?: string | undefined;
  readonly reason: string;
  readonly orderRef?: string | undefined;
  readonly transferRef?: string | undefined;
}

/** An event after mapping through master data: canonical SKU, base units, canonical statuses. */
export interface CanonicalEvent {
  readonly id: string;
  readonly source: string;
  readonly sourceSeq: number | null;
  readonly occurredAt: string;
  readonly warehouse: string;
  readonly sku: string;
  /** '' when the SKU is not lot-controlled and no lot was given. */
  readonly lot: string;
  readonly expiry: string | null;
  /** Base units, integer > 0. */
  readonly quantity: number;
  readonly fromStatus: CanonicalStatus | null;
  readonly toStatus: CanonicalStatus | null;
  readonly reason: string;
  readonly orderRef: string | null;
  readonly transferRef: string | null;
  /** The code, unit and quantity as the source sent them, kept for the audit of the mapping. */
  readonly external: { readonly sku: string; readonly unit: string | null; readonly quantity: string };
}

/** An event as recorded in the ledger: canonical content plus its place in the hash chain. */
export interface LedgerEvent extends CanonicalEvent {
  readonly chainSeq: number;
  readonly receivedAt: string;
  readonly prevHash: string;
  readonly hash: string;
}

/** Key of one position: warehouse × SKU × lot × status. */
export interface PositionKey {
  readonly warehouse: string;
  readonly sku: string;
  readonly lot: string;
  readonly status: CanonicalStatus;
}

export interface Position extends PositionKey {
  readonly qty: number;
  /** Hub holds (reservations) against this position; only meaningful for `available`. */
  readonly held: number;
  readonly expiry: string | null;
}

export const positionKey = (k: PositionKey): string => `${k.warehouse}\u0000${k.sku}\u0000${k.lot}\u0000${k.status}`;

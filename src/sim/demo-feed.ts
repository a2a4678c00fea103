import type { CanonicalStatus, InboundEvent } from '../domain/index.ts';
import type { Snapshot } from '../ledger/index.ts';
import type { DemoNetwork } from './demo-network.ts';
import { applyChanges, type ExpectedPosition } from './demo-positions.ts';
import { demoStockChanges, sourceOf, type StockChange } from './demo-stock.ts';
import { externalQuantity, externalStatus } from './dialect-words.ts';

/** Everything the demo sends to the hub, in each WMS's own dialect, and what the hub should end up with. */
export interface DemoFeed {
  /** Receipts and moves, numbered 1, 2, … per source: sent as one batch. */
  readonly events: readonly InboundEvent[];
  /** One full stock listing per warehouse; one of them counts a few units short (drift). */
  readonly snapshots: readonly Snapshot[];
  /** Sent after the snapshots: one event the hub must refuse (unknown status) and one that skips a sequence number. */
  readonly incidents: { readonly deadLetter: InboundEvent; readonly afterGap: InboundEvent };
  /** The positions the ledger holds once all of the above is in. */
  readonly expected: readonly ExpectedPosition[];
}

/** The position a cycle count found short: the drift the Guangzhou snapshot reports. */
export const DEMO_DRIFT = { warehouse: 'CAN-RDC', sku: 'APP-SOCK-3PK', status: 'available' as CanonicalStatus, missing: 12 };

const MINUTE_MS = 60_000;
const at = (now: Date, minutesAgo: number): string => new Date(now.getTime() - minutesAgo * MINUTE_MS).toISOString();

function toEvent(net: DemoNetwork, c: StockChange, seq: number, occurredAt: string): InboundEvent {
  const source = sourceOf(net, c.warehouse);
  if (!source) throw new Error(`no source reports for ${c.warehouse}`);
  const { sku, quantity } = externalQuantity(net, source, c.sku, c.qty);
  const id = source.source.id;
  return {
    id: `demo:${id}:${seq}`,
    source: id,
    sequence: seq,
    occurredAt,
    warehouse: c.warehouse,
    sku,
    quantity,
    ...(c.lot !== undefined ? { lot: c.lot } : {}),
    ...(c.expiry !== undefined ? { expiry: c.expiry } : {}),
    ...(c.from !== null ? { fromStatus: externalStatus(source, c.from) } : {}),
    ...(c.to !== null ? { toStatus: externalStatus(source, c.to, c.externalTo) } : {}),
    reason: c.reason,
    ...(c.orderRef !== undefined ? { orderRef: c.orderRef } : {}),
    ...(c.transferRef !== undefined ? { transferRef: c.transferRef } : {}),
  };
}

function toSnapshot(net: DemoNetwork, warehouse: string, positions: readonly ExpectedPosition[], takenAt: string): Snapshot {
  const source = sourceOf(net, warehouse);
  if (!source) throw new Error(`no source reports for ${warehouse}`);
  const lines = positions
    .filter((p) => p.warehouse === warehouse)
    .map((p) => {
      const counted = p.warehouse === DEMO_DRIFT.warehouse && p.sku === DEMO_DRIFT.sku && p.status === DEMO_DRIFT.status ? p.qty - DEMO_DRIFT.missing : p.qty;
      const { sku, quantity } = externalQuantity(net, source, p.sku, counted);
      return {
        sku,
        ...(p.lot !== '' ? { lot: p.lot } : {}),
        ...(p.expiry !== null ? { expiry: p.expiry } : {}),
        status: externalStatus(source, p.status),
        quantity,
      };
    });
  return { id: `demo:${source.source.id}:snapshot-1`, source: source.source.id, warehouse, takenAt, lines };
}

/**
 * The demo's feed for a given `now` (pure and deterministic): the stock history rendered in each
 * source's dialect, the snapshots, the incidents, and the positions that should result.
 */
export function demoFeed(net: DemoNetwork, now: Date): DemoFeed {
  const changes = demoStockChanges(net, now);
  const receipts = changes.filter((c) => c.from === null);
  const moves = changes.filter((c) => c.from !== null);
  // Sequence numbers are per source system (the demo has one per warehouse).
  const seqs = new Map<string, number>();
  const next = (warehouse: string): number => {
    const source = sourceOf(net, warehouse)?.source.id ?? warehouse;
    const n = (seqs.get(source) ?? 0) + 1;
    seqs.set(source, n);
    return n;
  };
  const events: InboundEvent[] = [];
  // Receipts three days ago, moves yesterday, a minute apart per source.
  for (const c of receipts) {
    const seq = next(c.warehouse);
    events.push(toEvent(net, c, seq, at(now, 3 * 24 * 60 - seq)));
  }
  for (const c of moves) {
    const seq = next(c.warehouse);
    events.push(toEvent(net, c, seq, at(now, 24 * 60 - seq)));
  }
  const afterEvents = applyChanges(changes);
  const snapshots = net.warehouses.map((w) => toSnapshot(net, w.id, afterEvents, at(now, 30)));
  const drift: StockChange = { warehouse: DEMO_DRIFT.warehouse, sku: DEMO_DRIFT.sku, qty: DEMO_DRIFT.missing, from: DEMO_DRIFT.status, to: null, reason: 'snapshot_drift' };

  // A status the Guangzhou SaaS started sending after an upgrade, not yet in its status map.
  const speaker: StockChange = { warehouse: 'CAN-RDC', sku: 'ELE-SPK-BT', qty: 2, from: 'available', to: null, reason: 'qc_hold' };
  const deadLetter: InboundEvent = { ...toEvent(net, speaker, next('CAN-RDC'), at(now, 10)), toStatus: 'quality_hold' };
  // Singapore's portal event n+1 never arrived; n+2 has: the hub applies it and records the gap.
  next('SIN-BOND');
  const restock: StockChange = { warehouse: 'SIN-BOND', sku: 'ELE-EARBUD-TWS', qty: 100, from: null, to: 'available', reason: 'receipt' };
  const afterGap = toEvent(net, restock, next('SIN-BOND'), at(now, 5));

  return { events, snapshots, incidents: { deadLetter, afterGap }, expected: applyChanges([drift, restock], afterEvents) };
}

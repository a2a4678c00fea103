/** Stock moved between two warehouses by transfers, for the network diagram. */
export interface TransferFlow {
  readonly from: string;
  readonly to: string;
  readonly units: number;
  readonly transfers: number;
}

const isOut = (from: string | null, to: string | null): boolean => from !== null && from !== 'in_transit' && (to === null || to === 'in_transit');
const isIn = (from: string | null, to: string | null): boolean => to !== null && to !== 'in_transit' && (from === null || from === 'in_transit');

/**
 * Transfers as flows: ledger events sharing a transfer reference, leaving stock at one warehouse
 * (out of the books or into in_transit) and arriving at another. A transfer still on its way
 * (no arrival yet) has no known destination in the ledger and is not drawn.
 */
export function transferFlows(rows: readonly { transfer_ref: string | null; warehouse_id: string; quantity: number; from_status: string | null; to_status: string | null }[]): TransferFlow[] {
  const byRef = new Map<string, { out: Set<string>; in: Map<string, number> }>();
  for (const r of rows) {
    if (!r.transfer_ref) continue;
    const t = byRef.get(r.transfer_ref) ?? byRef.set(r.transfer_ref, { out: new Set(), in: new Map() }).get(r.transfer_ref)!;
    if (isOut(r.from_status, r.to_status)) t.out.add(r.warehouse_id);
    else if (isIn(r.from_status, r.to_status)) t.in.set(r.warehouse_id, (t.in.get(r.warehouse_id) ?? 0) + Math.abs(r.quantity));
  }
  const flows = new Map<string, { from: string; to: string; units: number; transfers: number }>();
  for (const t of byRef.values()) {
    for (const from of t.out) {
      for (const [to, units] of t.in) {
        if (from === to) continue;
        const k = `${from}>${to}`;
        const f = flows.get(k) ?? flows.set(k, { from, to, units: 0, transfers: 0 }).get(k)!;
        f.units += units;
        f.transfers += 1;
      }
    }
  }
  return [...flows.values()].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
}

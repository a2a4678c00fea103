/** Orders, hub holds and backorders (migration 0004-orders, src/orders and src/ledger holds): part of `Database` (../schema.ts). */
export interface OrdersDatabase {
  orders: OrderTable;
  holds: HoldTable;
  backorders: BackorderTable;
}

export interface OrderTable {
  id: string;
  /** sha256 of the order as submitted (canonical JSON): a re-send with another body is refused. */
  body_hash: string;
  body: string; // JSON: the order as submitted
  channel: string | null;
  priority: number;
  /** 'allocated' | 'partial' | 'backordered' | 'accepted' | 'cancelled' */
  state: string;
  lines: string; // JSON: lines in base units
  allocation: string; // JSON: plan lines held for the order
  unfilled: string; // JSON: what is still missing, with reasons
  explanation: string | null; // JSON: the plan's explanation of the last allocation
  created_at: string;
  updated_at: string;
}

export interface HoldTable {
  id: string;
  order_id: string;
  warehouse_id: string;
  sku_id: string;
  lot: string;
  qty: number;
  /** Units already taken over by the WMS's own events for the order (matching). */
  consumed: number;
  /** 'pending' | 'confirmed' | 'released' | 'expired' | 'consumed' */
  state: string;
  created_at: string;
  expires_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
}

export interface BackorderTable {
  order_id: string;
  priority: number;
  queued_at: string;
  lines: string; // JSON: the lines still to allocate (base units)
  reason: string;
  attempts: number;
  /** 'open' | 'allocated' | 'cancelled' */
  state: string;
  updated_at: string;
}

/** Shapes of the hub's answers the dashboard reads (docs/api.md and the area docs name them). */

export type CanonicalStatus = 'available' | 'allocated' | 'picking' | 'quarantine' | 'damaged' | 'in_transit';

export interface Position {
  readonly warehouse: string;
  readonly sku: string;
  readonly lot: string;
  readonly status: CanonicalStatus;
  readonly qty: number;
  readonly held: number;
  readonly expiry: string | null;
}

export interface AtpWarehouse {
  readonly warehouse: string;
  readonly available: number;
  readonly held: number;
  readonly atp: number;
}

export interface Atp {
  readonly sku: string;
  readonly available: number;
  readonly held: number;
  readonly atp: number;
  readonly warehouses: readonly AtpWarehouse[];
}

export type ConnectorState = 'starting' | 'running' | 'backing-off' | 'stopped' | 'failed' | 'none';

export interface ConnectorStatus {
  readonly source: string;
  readonly name: string | null;
  readonly dialect: string | null;
  readonly warehouses: readonly string[];
  readonly state: ConnectorState;
  readonly live: boolean;
  readonly savedAt: string | null;
  readonly lastMessageAt: string | null;
  readonly lagMs: number | null;
  readonly cursor: string | null;
  readonly sequence: number | null;
  readonly eventsApplied: number;
  readonly messages: number;
  readonly errors: number;
  readonly lastError: string | null;
  readonly openGaps: number;
  readonly pendingDeadLetters: number;
  readonly rejections: number;
}

export interface Gap {
  readonly id: string;
  readonly source: string;
  readonly fromSeq: number;
  readonly toSeq: number;
  readonly filled: number;
  readonly detectedAt: string;
  readonly closedAt: string | null;
  readonly closedBy: string | null;
}

export interface DeadLetter {
  readonly id: string;
  readonly kind: 'event' | 'snapshot';
  readonly eventId: string | null;
  readonly source: string | null;
  readonly code: string;
  readonly reason: string;
  readonly location: string | null;
  readonly attempts: number;
  readonly state: 'pending' | 'resolved' | 'discarded';
  readonly firstSeenAt: string;
  readonly lastSeenAt: string;
}

export interface PlanLine {
  readonly sku?: string;
  readonly warehouse: string;
  readonly lot?: string;
  readonly qty: number;
}

export interface Unfilled {
  readonly sku?: string;
  readonly qty: number;
  readonly reason: string;
}

export interface CostBreakdown {
  readonly [part: string]: number;
}

export interface OrderExplanation {
  readonly candidates: readonly { readonly warehouse: string; readonly excluded?: string; readonly rank?: number; readonly cost?: number }[];
  readonly more?: number;
  readonly shipments: readonly { readonly warehouse: string; readonly units: number; readonly cost: CostBreakdown }[];
  readonly splitPenalty: number;
  readonly unfilledPenalty: number;
  readonly total: number;
}

export type OrderState = 'allocated' | 'partial' | 'backordered' | 'accepted' | 'cancelled';

export interface Hold {
  readonly id: string;
  readonly order: string;
  readonly warehouse: string;
  readonly sku: string;
  readonly lot: string;
  readonly qty: number;
  readonly consumed: number;
  readonly state: string;
  readonly createdAt?: string;
  readonly expiresAt?: string | null;
}

export interface Order {
  readonly id: string;
  readonly state: OrderState;
  readonly order: {
    readonly id: string;
    readonly channel?: string;
    readonly destination: { readonly region?: string; readonly lat?: number; readonly lon?: number; readonly postalCode?: string };
    readonly lines: readonly { readonly sku: string; readonly qty: number | string; readonly unit?: string }[];
    readonly promisedHours?: number;
    readonly serviceLevel?: string;
    readonly priority?: number;
  };
  readonly lines: readonly { readonly sku: string; readonly qty: number }[];
  readonly allocation: readonly PlanLine[];
  readonly unfilled: readonly Unfilled[];
  readonly explanation: OrderExplanation | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly holds?: readonly Hold[];
}

export interface Warehouse {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly region: string;
  readonly lat: number;
  readonly lon: number;
  readonly ownerTeam?: string;
  readonly timeZone?: string;
  readonly dailyCapacity?: number;
  readonly active?: boolean;
}

export interface Sku {
  readonly id: string;
  readonly gtin?: string;
  readonly name: string;
  readonly category: string;
  readonly baseUnit: string;
  readonly storageClass?: string;
  readonly lotControlled?: boolean;
}

export interface Alias {
  readonly system: string;
  readonly code: string;
  readonly sku: string;
  readonly unit?: string | null;
}

export interface StatusMapping {
  readonly system: string;
  readonly external: string;
  readonly status: string;
}

export interface Me {
  readonly user: { readonly id: string; readonly username: string; readonly displayName: string; readonly role: string; readonly warehouses: readonly string[] | null };
  readonly permissions: readonly string[];
  readonly csrfToken: string;
}

/** Every kind of problem the detection rules find (docs/exceptions.md). */
export const EXCEPTION_TYPES = [
  'source_silent',
  'sequence_gap',
  'snapshot_drift',
  'negative_stock',
  'dead_letters',
  'order_at_risk',
  'stockout_risk',
  'aged_stock',
  'expiring_stock',
  'mdm_conflict',
] as const;
export type ExceptionType = (typeof EXCEPTION_TYPES)[number];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const EXCEPTION_STATES = ['open', 'acknowledged', 'resolved'] as const;
export type ExceptionState = (typeof EXCEPTION_STATES)[number];

export const STEP_ACTIONS = ['opened', 'assigned', 'acknowledged', 'escalated', 'resolved'] as const;
export type StepAction = (typeof STEP_ACTIONS)[number];

export const isExceptionType = (s: string): s is ExceptionType => (EXCEPTION_TYPES as readonly string[]).includes(s);

export const severityRank = (s: Severity): number => SEVERITIES.indexOf(s);

/** A scalar the rules put into evidence facts. */
export type FactValue = string | number | boolean | null;

/** The record that proves an exception: an API URL and the numbers the rule saw. */
export interface Evidence {
  readonly href: string;
  readonly facts: Readonly<Record<string, FactValue>>;
}

/** What one rule found in one sweep: a problem, not yet an exception (no id, owner or state). */
export interface Finding {
  readonly type: ExceptionType;
  readonly severity: Severity;
  readonly warehouse: string | null;
  readonly sku: string | null;
  /** What else identifies the problem (gap range, order id, lot, code…). */
  readonly subject: string;
  readonly title: string;
  readonly message: string;
  readonly evidence: Evidence;
}

/** `type|warehouse|sku|subject`: repeats of one problem share it, so they update one exception. */
export const fingerprintOf = (f: Pick<Finding, 'type' | 'warehouse' | 'sku' | 'subject'>): string =>
  `${f.type}|${f.warehouse ?? ''}|${f.sku ?? ''}|${f.subject}`;

/** Who owns an exception, and which ownership row decided it. */
export interface ExceptionOwner {
  readonly team: string;
  readonly escalationContact: string | null;
  readonly from: 'warehouse' | 'type';
}

/** The owner row of one exception type (table exception_owners). */
export interface TypeOwner {
  readonly type: ExceptionType;
  readonly team: string;
  readonly escalationContact: string | null;
  /** `warehouse`: exceptions with a warehouse go to that warehouse's own team and contact. */
  readonly routeTo: 'warehouse' | 'type';
  /** An open, unacknowledged exception is escalated after this long. */
  readonly escalateAfterMinutes: number;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** An exception as the API shows it (docs/exceptions.md, "The exception object"). */
export interface ExceptionView {
  readonly id: string;
  readonly type: ExceptionType;
  readonly severity: Severity;
  readonly state: ExceptionState;
  readonly warehouse: string | null;
  readonly sku: string | null;
  readonly subject: string;
  readonly fingerprint: string;
  readonly title: string;
  readonly message: string;
  readonly evidence: Evidence;
  readonly owner: ExceptionOwner;
  readonly assignee: string | null;
  readonly count: number;
  readonly detectedAt: string;
  readonly lastSeenAt: string;
  readonly acknowledgedAt: string | null;
  readonly acknowledgedBy: string | null;
  readonly escalatedAt: string | null;
  readonly resolvedAt: string | null;
  readonly resolvedBy: string | null;
  readonly resolution: 'manual' | 'auto' | null;
}

/** One step in an exception's history. */
export interface ExceptionStep {
  readonly at: string;
  readonly by: string;
  readonly action: StepAction;
  readonly note: string | null;
}

export interface ExceptionDetail extends ExceptionView {
  readonly history: readonly ExceptionStep[];
}

/** What the live stream forwards: a committed change to one exception. */
export interface ExceptionChange {
  readonly kind: 'opened' | 'updated' | 'assigned' | 'acknowledged' | 'escalated' | 'resolved';
  readonly at: string;
  readonly exception: ExceptionView;
}

export type ExceptionChangeListener = (change: ExceptionChange) => void;

import type { ExceptionChange, ExceptionView, Finding, TypeOwner } from './exception-types.ts';
import { fingerprintOf } from './exception-types.ts';
import { resolveOwner, type WarehouseOwner } from './resolve-owner.ts';

/** What one sweep must write, decided without I/O. */
export interface SweepPlan {
  /** New exceptions (state open, count 1). */
  readonly opened: readonly ExceptionView[];
  /** Unresolved exceptions seen again: count + 1, lastSeenAt, latest severity, message, evidence, owner. */
  readonly seenAgain: readonly { readonly after: ExceptionView; readonly changed: boolean }[];
  /** Open, unacknowledged exceptions past their type's escalation time. */
  readonly escalated: readonly ExceptionView[];
  /** Unresolved exceptions whose condition has cleared: resolved by `system`. */
  readonly autoResolved: readonly ExceptionView[];
}

export interface SweepInput {
  readonly findings: readonly Finding[];
  /** Every unresolved exception. */
  readonly active: readonly ExceptionView[];
  /** Fingerprints resolved by hand within the quiet period: not raised again yet. */
  readonly quiet: ReadonlySet<string>;
  readonly owners: ReadonlyMap<string, TypeOwner>;
  readonly warehouses: ReadonlyMap<string, WarehouseOwner>;
  readonly now: Date;
  readonly newId: () => string;
}

/**
 * The pure core of a sweep. A finding whose fingerprint matches an unresolved exception updates
 * it (one exception per problem, never a flood); a new fingerprint opens one, unless a person
 * resolved it within the quiet period; an unresolved exception no finding matches any more is
 * resolved automatically. Escalation is judged after the update, on the exception's first
 * detection time.
 */
export function planSweep(input: SweepInput): SweepPlan {
  const at = input.now.toISOString();
  const byFp = new Map(input.active.map((e) => [e.fingerprint, e]));
  const seen = new Set<string>();
  const opened: ExceptionView[] = [];
  const seenAgain: { after: ExceptionView; changed: boolean }[] = [];
  for (const f of input.findings) {
    const fp = fingerprintOf(f);
    seen.add(fp);
    const owner = resolveOwner(f.type, f.warehouse, input.owners, input.warehouses);
    const current = byFp.get(fp);
    if (current) {
      const changed = current.severity !== f.severity || current.owner.team !== owner.team || current.owner.escalationContact !== owner.escalationContact;
      seenAgain.push({
        changed,
        after: { ...current, severity: f.severity, title: f.title, message: f.message, evidence: f.evidence, owner, count: current.count + 1, lastSeenAt: at },
      });
      continue;
    }
    if (input.quiet.has(fp)) continue;
    opened.push({
      id: input.newId(),
      type: f.type,
      severity: f.severity,
      state: 'open',
      warehouse: f.warehouse,
      sku: f.sku,
      subject: f.subject,
      fingerprint: fp,
      title: f.title,
      message: f.message,
      evidence: f.evidence,
      owner,
      assignee: null,
      count: 1,
      detectedAt: at,
      lastSeenAt: at,
      acknowledgedAt: null,
      acknowledgedBy: null,
      escalatedAt: null,
      resolvedAt: null,
      resolvedBy: null,
      resolution: null,
    });
  }
  const autoResolved = input.active
    .filter((e) => !seen.has(e.fingerprint))
    .map((e): ExceptionView => ({ ...e, state: 'resolved', resolvedAt: at, resolvedBy: 'system', resolution: 'auto' }));
  const escalated = seenAgain
    .map((s) => s.after)
    .filter((e) => e.state === 'open' && e.escalatedAt === null && dueForEscalation(e, input.owners, input.now))
    .map((e): ExceptionView => ({ ...e, escalatedAt: at }));
  return { opened, seenAgain, escalated, autoResolved };
}

function dueForEscalation(e: ExceptionView, owners: ReadonlyMap<string, TypeOwner>, now: Date): boolean {
  const minutes = owners.get(e.type)?.escalateAfterMinutes;
  if (minutes === undefined) return false;
  return now.getTime() - Date.parse(e.detectedAt) >= minutes * 60_000;
}

/** The live changes a plan makes, in the order they are written. */
export function changesOf(plan: SweepPlan, at: string): ExceptionChange[] {
  const escalatedIds = new Map(plan.escalated.map((e) => [e.id, e]));
  return [
    ...plan.opened.map((exception): ExceptionChange => ({ kind: 'opened', at, exception })),
    ...plan.seenAgain.filter((s) => s.changed && !escalatedIds.has(s.after.id)).map((s): ExceptionChange => ({ kind: 'updated', at, exception: s.after })),
    ...plan.escalated.map((exception): ExceptionChange => ({ kind: 'escalated', at, exception })),
    ...plan.autoResolved.map((exception): ExceptionChange => ({ kind: 'resolved', at, exception })),
  ];
}

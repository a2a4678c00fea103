import type { Insertable, Selectable } from 'kysely';
import type { ExceptionTable } from '../store/index.ts';
import type { Evidence, ExceptionView, ExceptionOwner, ExceptionState, ExceptionType, Severity } from './exception-types.ts';

/** A stored row as the API shows it. */
export function toView(r: Selectable<ExceptionTable>): ExceptionView {
  return {
    id: r.id,
    type: r.type as ExceptionType,
    severity: r.severity as Severity,
    state: r.state as ExceptionState,
    warehouse: r.warehouse_id,
    sku: r.sku_id,
    subject: r.subject,
    fingerprint: r.fingerprint,
    title: r.title,
    message: r.message,
    evidence: { href: r.evidence_href, facts: JSON.parse(r.evidence_facts) as Evidence['facts'] },
    owner: { team: r.owner_team, escalationContact: r.owner_contact, from: r.owner_from as ExceptionOwner['from'] },
    assignee: r.assignee,
    count: Number(r.count),
    detectedAt: r.detected_at,
    lastSeenAt: r.last_seen_at,
    acknowledgedAt: r.acknowledged_at,
    acknowledgedBy: r.acknowledged_by,
    escalatedAt: r.escalated_at,
    resolvedAt: r.resolved_at,
    resolvedBy: r.resolved_by,
    resolution: r.resolution as ExceptionView['resolution'],
  };
}

/** A view as a row; `active_fingerprint` is set exactly while the exception is unresolved. */
export function toRow(e: ExceptionView): Insertable<ExceptionTable> {
  return {
    id: e.id,
    type: e.type,
    severity: e.severity,
    state: e.state,
    warehouse_id: e.warehouse,
    sku_id: e.sku,
    subject: e.subject,
    fingerprint: e.fingerprint,
    active_fingerprint: e.state === 'resolved' ? null : e.fingerprint,
    title: e.title,
    message: e.message,
    evidence_href: e.evidence.href,
    evidence_facts: JSON.stringify(e.evidence.facts),
    owner_team: e.owner.team,
    owner_contact: e.owner.escalationContact,
    owner_from: e.owner.from,
    assignee: e.assignee,
    count: e.count,
    detected_at: e.detectedAt,
    last_seen_at: e.lastSeenAt,
    acknowledged_at: e.acknowledgedAt,
    acknowledged_by: e.acknowledgedBy,
    escalated_at: e.escalatedAt,
    resolved_at: e.resolvedAt,
    resolved_by: e.resolvedBy,
    resolution: e.resolution,
  };
}

import type { Kysely, Transaction } from 'kysely';
import { type AuditVia, recordAudit } from '../audit/index.ts';
import { StockmeshError } from '../domain/index.ts';
import type { Hub } from '../hub/index.ts';
import type { Database } from '../store/index.ts';
import { ChangeFeed } from './change-feed.ts';
import { detectAll } from './detect-all.ts';
import { sortableId } from './exception-id.ts';
import { toRow, toView } from './exception-rows.ts';
import {
  EXCEPTION_TYPES,
  type ExceptionChange,
  type ExceptionChangeListener,
  type ExceptionDetail,
  type ExceptionState,
  type ExceptionStep,
  type ExceptionType,
  type ExceptionView,
  type Severity,
  SEVERITIES,
  type StepAction,
  type TypeOwner,
} from './exception-types.ts';
import { loadFacts } from './load-facts.ts';
import { changesOf, planSweep } from './plan-sweep.ts';
import type { WarehouseOwner } from './resolve-owner.ts';
import { DEFAULT_RULES_CONFIG, type RulesConfig } from './rules-config.ts';
import { type ExceptionAction, applyAction } from './transitions.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Warehouses a caller may see: null = all. Exceptions without a warehouse are visible only to "all". */
export type WarehouseScope = ReadonlySet<string> | null;

/** Filters of the list and the summary (docs/exceptions.md). */
export interface ExceptionFilter {
  readonly state?: ExceptionState | 'active' | undefined;
  readonly type?: ExceptionType | undefined;
  readonly severity?: Severity | undefined;
  readonly warehouse?: string | undefined;
  readonly sku?: string | undefined;
  readonly owner?: string | undefined;
  readonly assignee?: string | undefined;
}

export interface ExceptionSummary {
  readonly open: number;
  readonly acknowledged: number;
  readonly resolvedLast24h: number;
  readonly bySeverity: Readonly<Record<Severity, number>>;
  readonly byType: Readonly<Partial<Record<ExceptionType, number>>>;
}

/** What one sweep did. */
export interface SweepReport {
  readonly at: string;
  readonly findings: number;
  readonly opened: number;
  readonly seenAgain: number;
  readonly escalated: number;
  readonly autoResolved: number;
}

export interface ExceptionServiceOptions {
  /** Thresholds of the rules (defaults: DEFAULT_RULES_CONFIG). */
  readonly rules?: Partial<RulesConfig> | undefined;
  /** Queue signed webhook notifications (open, escalate, resolve) in the outbox. Default false. */
  readonly notify?: boolean | undefined;
  readonly now?: (() => Date) | undefined;
}

/** A change of an owner row as the API sends it. */
export interface OwnerChange {
  readonly type: ExceptionType;
  readonly team: string;
  readonly escalationContact: string | null;
  readonly routeTo: 'warehouse' | 'type';
  readonly escalateAfterMinutes: number;
}

/** How a person's change reached the hub, for the audit trail (docs/audit.md). */
export interface AuditContext {
  readonly via: AuditVia;
  /** The HTTP request id, when it came through the API. */
  readonly requestId?: string | undefined;
}

const NOTIFIED: ReadonlySet<ExceptionChange['kind']> = new Set(['opened', 'escalated', 'resolved']);

/**
 * Exceptions over one hub: the sweep (rules → upsert), reading with filters and scope, the
 * workflow (assign, acknowledge, resolve, each step recorded with who and when), owners, and the
 * live change feed. Writes happen in one transaction each; listeners hear of them after commit.
 */
export class ExceptionService {
  private readonly feed = new ChangeFeed();
  private opts: ExceptionServiceOptions;

  constructor(
    private readonly hub: Hub,
    opts: ExceptionServiceOptions = {},
  ) {
    this.opts = opts;
  }

  /** Changes options later (e.g. `serve` turning notifications on for the service the routes use); options left undefined keep their value. */
  configure(opts: ExceptionServiceOptions): void {
    const given = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) as ExceptionServiceOptions;
    this.opts = { ...this.opts, ...given };
  }

  get rules(): RulesConfig {
    return { ...DEFAULT_RULES_CONFIG, ...this.opts.rules };
  }

  private now(): Date {
    return this.opts.now?.() ?? new Date();
  }

  /** Listens to committed changes made in this process; returns the unsubscribe function. */
  onChanged(listener: ExceptionChangeListener): () => void {
    return this.feed.on(listener);
  }

  /** Runs every rule once and upserts the result: open, update, escalate, auto-resolve. */
  async sweep(at: Date = this.now()): Promise<SweepReport> {
    const rules = this.rules;
    const facts = await loadFacts(this.hub, at, rules);
    const findings = detectAll(facts, at, rules);
    const md = await this.hub.masterData.current();
    const warehouses = new Map<string, WarehouseOwner>(
      md.data.warehouses.map((w) => [w.id, { id: w.id, ownerTeam: w.ownerTeam, escalationContact: w.escalationContact ?? null }]),
    );
    const iso = at.toISOString();
    const quietSince = new Date(at.getTime() - rules.manualQuietMinutes * 60_000).toISOString();
    const { plan, changes } = await this.hub.store.db.transaction().execute(async (tx) => {
      const active = (await tx.selectFrom('exceptions').selectAll().where('active_fingerprint', 'is not', null).execute()).map(toView);
      const quietRows = await tx
        .selectFrom('exceptions')
        .select('fingerprint')
        .where('resolution', '=', 'manual')
        .where('resolved_at', '>', quietSince)
        .execute();
      const owners = new Map((await readOwners(tx)).map((o) => [o.type as string, o]));
      const plan = planSweep({
        findings,
        active,
        quiet: new Set(quietRows.map((r) => r.fingerprint)),
        owners,
        warehouses,
        now: at,
        newId: () => sortableId('exc_', at),
      });
      const escalatedIds = new Set(plan.escalated.map((e) => e.id));
      for (const e of plan.opened) {
        await tx.insertInto('exceptions').values(toRow(e)).execute();
        await step(tx, e.id, iso, 'system', 'opened', null);
      }
      for (const s of plan.seenAgain) {
        if (escalatedIds.has(s.after.id)) continue;
        await update(tx, s.after);
      }
      for (const e of plan.escalated) {
        await update(tx, e);
        await step(tx, e.id, iso, 'system', 'escalated', `open and unacknowledged since ${e.detectedAt}; escalation contact ${e.owner.escalationContact ?? 'none'}`);
      }
      for (const e of plan.autoResolved) {
        await update(tx, e);
        await step(tx, e.id, iso, 'system', 'resolved', 'condition cleared');
      }
      const changes = changesOf(plan, iso);
      await this.enqueue(tx, changes);
      return { plan, changes };
    });
    this.feed.emit(changes);
    return {
      at: iso,
      findings: findings.length,
      opened: plan.opened.length,
      seenAgain: plan.seenAgain.length,
      escalated: plan.escalated.length,
      autoResolved: plan.autoResolved.length,
    };
  }

  /** A page of exceptions, newest detection first (`limit` rows; callers ask one more to know if more follow). */
  async list(f: ExceptionFilter & { readonly limit: number; readonly offset: number }, scope: WarehouseScope): Promise<ExceptionView[]> {
    let q = filtered(this.hub.store.db, f, scope);
    if (f.state === 'active') q = q.where('state', 'in', ['open', 'acknowledged']);
    else if (f.state) q = q.where('state', '=', f.state);
    const rows = await q.selectAll().orderBy('detected_at', 'desc').orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute();
    return rows.map(toView);
  }

  /** Counts of unresolved exceptions, and of those resolved in the 24 hours before now. */
  async summary(f: Omit<ExceptionFilter, 'state'>, scope: WarehouseScope): Promise<ExceptionSummary> {
    const since = new Date(this.now().getTime() - 86_400_000).toISOString();
    const [active, resolved] = await Promise.all([
      filtered(this.hub.store.db, f, scope)
        .select(['state', 'severity', 'type', (eb) => eb.fn.countAll<number>().as('n')])
        .where('state', 'in', ['open', 'acknowledged'])
        .groupBy(['state', 'severity', 'type'])
        .execute(),
      filtered(this.hub.store.db, f, scope)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('state', '=', 'resolved')
        .where('resolved_at', '>=', since)
        .executeTakeFirst(),
    ]);
    const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
    const byType: Partial<Record<ExceptionType, number>> = {};
    let open = 0;
    let acknowledged = 0;
    for (const r of active) {
      const n = Number(r.n);
      if (r.state === 'open') open += n;
      else acknowledged += n;
      bySeverity[r.severity as Severity] += n;
      byType[r.type as ExceptionType] = (byType[r.type as ExceptionType] ?? 0) + n;
    }
    return { open, acknowledged, resolvedLast24h: Number(resolved?.n ?? 0), bySeverity, byType };
  }

  /** One exception with its history; undefined when unknown or outside the scope. */
  async get(id: string, scope: WarehouseScope): Promise<ExceptionDetail | undefined> {
    return detail(this.hub.store.db, id, scope);
  }

  /**
   * A person's step (assign, acknowledge, resolve) with who and an optional note. Unknown id or
   * outside the scope: NOT_FOUND; a step the state does not allow: EXCEPTION_STATE_CONFLICT.
   */
  async act(id: string, action: ExceptionAction, by: string, note: string | null, scope: WarehouseScope, audit?: AuditContext): Promise<ExceptionDetail> {
    const at = this.now();
    const iso = at.toISOString();
    const { after, change } = await this.hub.store.db.transaction().execute(async (tx) => {
      const current = await detail(tx, id, scope);
      if (!current) throw new StockmeshError('NOT_FOUND', `exception ${id} not found`, [{ code: 'NOT_FOUND', message: `no exception "${id}"`, where: 'id' }]);
      const next = applyAction(current, action, by, at);
      const changed = await update(tx, next, current.state);
      if (!changed) throw new StockmeshError('EXCEPTION_STATE_CONFLICT', `exception ${id} changed while this step was being made; read it again`);
      const stepAction: StepAction = action.kind === 'assign' ? 'assigned' : action.kind === 'acknowledge' ? 'acknowledged' : 'resolved';
      const stepNote = action.kind === 'assign' ? [action.assignee === null ? 'unassigned' : `assigned to ${action.assignee}`, note].filter(Boolean).join(': ') : note;
      await step(tx, id, iso, by, stepAction, stepNote);
      const change: ExceptionChange = { kind: stepAction, at: iso, exception: stripHistory(next) };
      await this.enqueue(tx, [change]);
      if (audit) {
        const state = (e: ExceptionView) => ({ state: e.state, assignee: e.assignee, acknowledgedBy: e.acknowledgedBy, resolvedBy: e.resolvedBy, note: null as string | null });
        await recordAudit(tx, {
          actor: by,
          via: audit.via,
          action: `exception.${action.kind}`,
          target: { kind: 'exception', id },
          warehouse: current.warehouse,
          before: { ...state(current), note: null },
          after: { ...state(next), note },
          requestId: audit.requestId ?? null,
          at: iso,
        });
      }
      return { after: next, change };
    });
    this.feed.emit([change]);
    const fresh = await detail(this.hub.store.db, after.id, null);
    if (!fresh) throw new Error(`exception ${id} vanished`);
    return fresh;
  }

  /** Every type's owner row, in the order of EXCEPTION_TYPES. */
  async owners(): Promise<TypeOwner[]> {
    return readOwners(this.hub.store.db);
  }

  /** Changes owner rows, all or none; answers every row afterwards. */
  async setOwners(changes: readonly OwnerChange[], by: string, audit?: AuditContext): Promise<TypeOwner[]> {
    const iso = this.now().toISOString();
    const seen = new Set<string>();
    for (const [i, c] of changes.entries()) {
      if (seen.has(c.type)) throw new StockmeshError('INVALID_ARGUMENT', `type ${c.type} is listed twice`, [{ code: 'INVALID_ARGUMENT', message: `type ${c.type} is listed twice`, where: `items[${i}].type` }]);
      seen.add(c.type);
    }
    await this.hub.store.db.transaction().execute(async (tx) => {
      const before = new Map((await readOwners(tx)).map((o) => [o.type, o]));
      for (const c of changes) {
        const row = {
          team: c.team,
          escalation_contact: c.escalationContact,
          route_to: c.routeTo,
          escalate_after_minutes: c.escalateAfterMinutes,
          updated_at: iso,
          updated_by: by,
        };
        await tx
          .insertInto('exception_owners')
          .values({ type: c.type, ...row })
          .onConflict((oc) => oc.column('type').doUpdateSet(row))
          .execute();
      }
      if (audit) {
        for (const c of changes) {
          const old = before.get(c.type);
          await recordAudit(tx, {
            actor: by,
            via: audit.via,
            action: 'exception-owner.update',
            target: { kind: 'exception-owner', id: c.type },
            before: old ? { team: old.team, escalationContact: old.escalationContact, routeTo: old.routeTo, escalateAfterMinutes: old.escalateAfterMinutes } : null,
            after: { team: c.team, escalationContact: c.escalationContact, routeTo: c.routeTo, escalateAfterMinutes: c.escalateAfterMinutes },
            requestId: audit.requestId ?? null,
            at: iso,
          });
        }
      }
    });
    return this.owners();
  }

  private async enqueue(tx: Transaction<Database>, changes: readonly ExceptionChange[]): Promise<void> {
    if (!this.opts.notify) return;
    for (const c of changes) {
      if (!NOTIFIED.has(c.kind)) continue;
      const id = sortableId('ntf_', new Date(c.at));
      const body = JSON.stringify({ id, kind: c.kind, at: c.at, exception: c.exception });
      await tx
        .insertInto('exception_notifications')
        .values({ id, exception_id: c.exception.id, kind: c.kind, body, created_at: c.at, attempts: 0, next_attempt_at: c.at, lease_until: null, delivered_at: null, last_error: null })
        .execute();
    }
  }
}

const stripHistory = (e: ExceptionView | ExceptionDetail): ExceptionView => {
  if (!('history' in e)) return e;
  const { history: _history, ...rest } = e;
  return rest;
};

function filtered(db: Db, f: Omit<ExceptionFilter, 'state'>, scope: WarehouseScope) {
  let q = db.selectFrom('exceptions');
  if (scope !== null) q = scope.size === 0 ? q.where('warehouse_id', '=', '\u0000none') : q.where('warehouse_id', 'in', [...scope]);
  if (f.type) q = q.where('type', '=', f.type);
  if (f.severity) q = q.where('severity', '=', f.severity);
  if (f.warehouse) q = q.where('warehouse_id', '=', f.warehouse);
  if (f.sku) q = q.where('sku_id', '=', f.sku);
  if (f.owner) q = q.where('owner_team', '=', f.owner);
  if (f.assignee) q = q.where('assignee', '=', f.assignee);
  return q;
}

async function detail(db: Db, id: string, scope: WarehouseScope): Promise<ExceptionDetail | undefined> {
  const row = await db.selectFrom('exceptions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  if (scope !== null && (row.warehouse_id === null || !scope.has(row.warehouse_id))) return undefined;
  const steps = await db.selectFrom('exception_steps').selectAll().where('exception_id', '=', id).orderBy('seq').execute();
  const history: ExceptionStep[] = steps.map((s) => ({ at: s.at, by: s.actor, action: s.action as StepAction, note: s.note }));
  return { ...toView(row), history };
}

/** Writes a changed exception; with `expectState`, only if it is still in that state (true when written). */
async function update(db: Db, e: ExceptionView, expectState?: ExceptionState): Promise<boolean> {
  const { id: _id, ...row } = toRow(stripHistory(e));
  let q = db.updateTable('exceptions').set(row).where('id', '=', e.id);
  if (expectState) q = q.where('state', '=', expectState);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

async function step(db: Db, exceptionId: string, at: string, actor: string, action: StepAction, note: string | null): Promise<void> {
  await db.insertInto('exception_steps').values({ exception_id: exceptionId, at, actor, action, note }).execute();
}

async function readOwners(db: Db): Promise<TypeOwner[]> {
  const rows = await db.selectFrom('exception_owners').selectAll().execute();
  const byType = new Map(rows.map((r) => [r.type, r]));
  return EXCEPTION_TYPES.flatMap((type) => {
    const r = byType.get(type);
    return r
      ? [{ type, team: r.team, escalationContact: r.escalation_contact, routeTo: r.route_to as TypeOwner['routeTo'], escalateAfterMinutes: Number(r.escalate_after_minutes), updatedAt: r.updated_at, updatedBy: r.updated_by }]
      : [];
  });
}

const services = new WeakMap<Hub, ExceptionService>();

/**
 * The exception service of a hub: one per hub, shared by the sweep, the API routes and the live
 * stream so that every change reaches every listener. Options given later are applied to it.
 */
export function exceptionService(hub: Hub, opts?: ExceptionServiceOptions): ExceptionService {
  let s = services.get(hub);
  if (!s) {
    s = new ExceptionService(hub, opts);
    services.set(hub, s);
  } else if (opts) s.configure(opts);
  return s;
}

/** Listens to committed exception changes of `hub` made in this process (docs/exceptions.md); returns the unsubscribe function. */
export const onExceptionChanged = (hub: Hub, listener: ExceptionChangeListener): (() => void) => exceptionService(hub).onChanged(listener);

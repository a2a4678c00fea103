import { createHash } from 'node:crypto';
import { type InboundEvent, type Problem, problem } from '../../domain/index.ts';
import type { CbvValue } from './cbv-vocabulary.ts';
import type { ResolvedEpcisOptions } from './decode-epcis-options.ts';
import type { ObjectGroup } from './event-objects.ts';
import { planMovement } from './plan-movement.ts';

/** What one EPCIS event became, for the operator (and the tests). */
export interface EventOutcome {
  readonly index: number;
  /** The eventID, or `sha256:<hex>` of the canonical JSON when the event has none. */
  readonly eventId: string;
  readonly type: string;
  readonly bizStep?: string | undefined;
  readonly disposition?: string | undefined;
  readonly result: 'movement' | 'no_movement' | 'retracted' | 'refused';
  readonly movements: number;
  readonly note: string;
  /** Prefixed extension keys of the event (kept out of the way, not interpreted). */
  readonly extensions: readonly string[];
}

/** An event's fields as read, before mapping. */
export interface EventFacts {
  readonly index: number;
  readonly key: string;
  readonly where: string;
  readonly type: string;
  readonly action: string | undefined;
  readonly bizStep: CbvValue | undefined;
  readonly disposition: CbvValue | undefined;
  readonly occurredAt: string;
  readonly groups: readonly ObjectGroup[];
  readonly expiry: string | undefined;
  /** bizLocation then readPoint ids, in the order the warehouse is looked up. */
  readonly locations: readonly string[];
  readonly refs: { readonly orderRef?: string | undefined; readonly transferRef?: string | undefined };
  readonly extensions: readonly string[];
}

/**
 * The inbound events of one event: one per trade item (GTIN × lot × unit) of each group that
 * moves, at the warehouse of its bizLocation, else its readPoint. Ids are
 * `<source>:<eventID>:<role>:01/<GTIN>[/10/<lot>][@<unit>]` (Digital Link style, the lot URI-encoded;
 * hashed when longer than 200 characters).
 */
export function movementsOf(f: EventFacts, o: ResolvedEpcisOptions): { outcome: EventOutcome; events: InboundEvent[]; problems: Problem[]; warnings: Problem[] } {
  const base = { index: f.index, eventId: f.key, type: f.type, bizStep: f.bizStep?.name, disposition: f.disposition?.name, extensions: f.extensions };
  const done = (result: EventOutcome['result'], note: string, events: InboundEvent[] = [], problems: Problem[] = []) => ({
    outcome: { ...base, result, movements: events.length, note },
    events,
    problems,
    warnings: [],
  });
  const trade = f.groups.filter((g) => g.counts.length > 0);
  if (trade.length === 0) {
    const others = [...new Set(f.groups.flatMap((g) => g.others))];
    return done('no_movement', others.length > 0 ? `no trade items, only ${others.join(', ')} identifiers: not stock of a SKU` : 'no objects (sensor or observation data only): no stock movement');
  }
  const plans = trade.map((g) => ({ group: g, plan: planMovement({ type: f.type, action: f.action, bizStep: f.bizStep, disposition: f.disposition, role: g.role }, o) }));
  const unmapped = plans.flatMap((p) => (p.plan.kind === 'unmapped' ? [p.plan.why] : []));
  if (unmapped.length > 0) return done('refused', unmapped.join('; '), [], [problem('UNMAPPED_CONTENT', unmapped.join('; '), f.where)]);
  const moves = plans.flatMap((p) => (p.plan.kind === 'move' ? [{ group: p.group, plan: p.plan }] : []));
  if (moves.length === 0) return done('no_movement', plans.map((p) => (p.plan.kind === 'none' ? p.plan.why : '')).join('; '));
  let warehouse: string | undefined;
  for (const loc of f.locations) {
    warehouse = o.warehouseFor(loc);
    if (warehouse !== undefined) break;
  }
  if (warehouse === undefined) {
    const at = f.locations.length > 0 ? `its locations (${f.locations.join(', ')}) map to no warehouse` : 'it names neither bizLocation nor readPoint';
    return done('refused', `no warehouse: ${at}`, [], [problem('UNKNOWN_WAREHOUSE', `event moves stock but ${at}`, f.where)]);
  }
  const events: InboundEvent[] = [];
  for (const { group, plan } of moves) {
    for (const c of group.counts) {
      const item = `01/${c.gtin}${c.lot === undefined ? '' : `/10/${encodeURIComponent(c.lot)}`}${c.unit === undefined ? '' : `@${c.unit}`}`;
      const id = idOf(o.source, f.key, group.role, item);
      events.push({
        id,
        source: o.source,
        occurredAt: f.occurredAt,
        warehouse,
        sku: c.gtin,
        quantity: c.quantity,
        ...(c.unit === undefined ? {} : { unit: c.unit }),
        ...(c.lot === undefined ? {} : { lot: c.lot }),
        ...(f.expiry !== undefined && plan.to !== undefined ? { expiry: f.expiry } : {}),
        ...(plan.from === undefined ? {} : { fromStatus: plan.from }),
        ...(plan.to === undefined ? {} : { toStatus: plan.to }),
        reason: plan.reason,
        ...(f.refs.orderRef === undefined ? {} : { orderRef: f.refs.orderRef }),
        ...(f.refs.transferRef === undefined ? {} : { transferRef: f.refs.transferRef }),
      });
    }
  }
  const how = moves.map((m) => `${m.group.role}: ${m.plan.from ?? '(new)'} → ${m.plan.to ?? '(out)'} (${m.plan.reason})`).join('; ');
  return done('movement', `${how} at ${warehouse}`, events);
}

function idOf(source: string, key: string, role: string, item: string): string {
  const id = `${source}:${key}:${role}:${item}`;
  return id.length <= 200 ? id : `${source}:epcis-sha256:${createHash('sha256').update(id).digest('hex')}`;
}

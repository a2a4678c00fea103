import type { CanonicalStatus } from '../../domain/index.ts';
import type { CbvValue } from './cbv-vocabulary.ts';
import type { ResolvedEpcisOptions } from './decode-epcis-options.ts';
import type { ObjectRole } from './event-objects.ts';
import type { BizStepRule } from './movement-rules.ts';

export type Plan =
  | { readonly kind: 'move'; readonly from?: CanonicalStatus | undefined; readonly to?: CanonicalStatus | undefined; readonly reason: string }
  | { readonly kind: 'none'; readonly why: string }
  | { readonly kind: 'unmapped'; readonly why: string };

export interface PlanInput {
  readonly type: string;
  readonly action: string | undefined;
  readonly bizStep: CbvValue | undefined;
  readonly disposition: CbvValue | undefined;
  readonly role: ObjectRole;
}

const none = (why: string): Plan => ({ kind: 'none', why });

/**
 * The stock movement of one group of an event's objects. By event type first: a TransactionEvent
 * links objects to a business transaction and an AssociationEvent links assets — the physical
 * step comes as its own ObjectEvent or AggregationEvent, so they move nothing (no double count);
 * a TransformationEvent consumes its inputs and produces its outputs; an ObjectEvent DELETE takes
 * the objects out of stock. Otherwise the business step's rule and the disposition decide.
 */
export function planMovement(p: PlanInput, o: ResolvedEpcisOptions): Plan {
  if (p.type === 'TransactionEvent') return none('a TransactionEvent links objects to a business transaction; the physical step is its own ObjectEvent');
  if (p.type === 'AssociationEvent') return none('an AssociationEvent links assets to each other: no stock movement');
  if (p.type === 'AggregationEvent' && p.action === 'DELETE') return none('disaggregation takes objects out of a container: same stock, same status');
  if (p.type === 'TransformationEvent') {
    if (p.role === 'inputs') return { kind: 'move', from: 'available', reason: 'consume' };
    return target({ kind: 'create', reason: 'produce' }, p, o);
  }
  const rule = p.bizStep === undefined ? undefined : o.bizSteps[p.bizStep.name];
  if (p.type === 'ObjectEvent' && p.action === 'DELETE') {
    return rule?.kind === 'remove' ? { kind: 'move', from: rule.from, reason: rule.reason } : { kind: 'move', from: 'available', reason: 'decommission' };
  }
  if (p.bizStep === undefined) return none('no bizStep: an observation without business meaning');
  if (rule === undefined) return { kind: 'unmapped', why: `bizStep "${p.bizStep.name}" has no stock mapping (add it to the bizSteps option if it moves stock)` };
  switch (rule.kind) {
    case 'none':
      return none(rule.why);
    case 'remove':
      return { kind: 'move', from: rule.from, reason: rule.reason };
    case 'create':
      if (p.action !== 'ADD') return none(`${p.bizStep.name} with action ${p.action}: new objects are commissioned with ADD`);
      return target(rule, p, o);
    default:
      return target(rule, p, o);
  }
}

/** Where a receive, create or change rule puts the stock, given the disposition. */
function target(rule: Exclude<BizStepRule, { kind: 'none' | 'remove' }>, p: PlanInput, o: ResolvedEpcisOptions): Plan {
  const d = p.disposition;
  const effect = d === undefined ? undefined : o.dispositions[d.name];
  if (d !== undefined && effect === undefined) {
    return { kind: 'unmapped', why: `disposition "${d.name}" has no stock mapping (add it to the dispositions option)` };
  }
  const status = effect?.kind === 'status' ? effect.status : undefined;
  if (rule.kind === 'change') {
    if (effect?.kind === 'gone') return { kind: 'move', from: rule.from, reason: 'write_off' };
    const to = status ?? rule.to;
    if (to === undefined) return none(`${p.bizStep?.name ?? p.type} with ${d === undefined ? 'no disposition' : `disposition ${d.name}`}: no status change`);
    if (to === rule.from) return none(`${p.bizStep?.name ?? p.type}: the objects stay ${to}`);
    return { kind: 'move', from: rule.from, to, reason: rule.reason };
  }
  if (effect?.kind === 'gone') return { kind: 'unmapped', why: `${p.bizStep?.name ?? p.type} with disposition ${d?.name}: objects cannot arrive gone` };
  const to = status ?? 'available';
  const from = rule.kind === 'receive' && o.receiptsFromInTransit ? 'in_transit' : undefined;
  if (from === to) return none(`${p.bizStep?.name ?? p.type}: the objects stay ${to}`);
  return { kind: 'move', from, to, reason: rule.reason };
}

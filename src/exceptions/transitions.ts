import { StockmeshError } from '../domain/index.ts';
import type { ExceptionView } from './exception-types.ts';

/** A person's step on an exception. */
export type ExceptionAction =
  | { readonly kind: 'assign'; readonly assignee: string | null }
  | { readonly kind: 'acknowledge' }
  | { readonly kind: 'resolve' };

/** The states each action may start from. */
const ALLOWED: Record<ExceptionAction['kind'], readonly ExceptionView['state'][]> = {
  assign: ['open', 'acknowledged'],
  acknowledge: ['open'],
  resolve: ['open', 'acknowledged'],
};

const VERB: Record<ExceptionAction['kind'], string> = { assign: 'assigned', acknowledge: 'acknowledged', resolve: 'resolved' };

/**
 * Applies one person's action: open → acknowledged → resolved (open → resolved directly too),
 * assignment while unresolved. Any other step throws EXCEPTION_STATE_CONFLICT naming the state,
 * and changes nothing. Pure.
 */
export function applyAction(e: ExceptionView, action: ExceptionAction, by: string, now: Date): ExceptionView {
  if (!ALLOWED[action.kind].includes(e.state)) {
    throw new StockmeshError(
      'EXCEPTION_STATE_CONFLICT',
      `exception ${e.id} is ${e.state}: it cannot be ${VERB[action.kind]} (allowed from ${ALLOWED[action.kind].join(' or ')})`,
      [{ code: 'EXCEPTION_STATE_CONFLICT', message: `state is ${e.state}`, where: 'state' }],
    );
  }
  const at = now.toISOString();
  switch (action.kind) {
    case 'assign':
      return { ...e, assignee: action.assignee };
    case 'acknowledge':
      return { ...e, state: 'acknowledged', acknowledgedAt: at, acknowledgedBy: by };
    case 'resolve':
      return { ...e, state: 'resolved', resolvedAt: at, resolvedBy: by, resolution: 'manual' };
  }
}

/**
 * Exceptions: detection rules (pure, over a snapshot of facts), the sweep that upserts them, owners,
 * the workflow open → acknowledged → resolved, signed webhook notifications from an outbox, and
 * the live change feed (docs/exceptions.md).
 */
export {
  EXCEPTION_TYPES,
  SEVERITIES,
  EXCEPTION_STATES,
  STEP_ACTIONS,
  isExceptionType,
  fingerprintOf,
  type ExceptionType,
  type Severity,
  type ExceptionState,
  type StepAction,
  type Evidence,
  type FactValue,
  type Finding,
  type ExceptionOwner,
  type TypeOwner,
  type ExceptionView,
  type ExceptionDetail,
  type ExceptionStep,
  type ExceptionChange,
  type ExceptionChangeListener,
} from './exception-types.ts';
export type { ExceptionFacts } from './exception-facts.ts';
export { DEFAULT_RULES_CONFIG, type RulesConfig } from './rules-config.ts';
export { detectAll } from './detect-all.ts';
export { planSweep, type SweepPlan, type SweepInput } from './plan-sweep.ts';
export { applyAction, type ExceptionAction } from './transitions.ts';
export { resolveOwner, type WarehouseOwner } from './resolve-owner.ts';
export { loadFacts } from './load-facts.ts';
export { OUTBOUND_REASONS } from './outbound-reasons.ts';
export {
  ExceptionService,
  exceptionService,
  onExceptionChanged,
  type ExceptionFilter,
  type ExceptionSummary,
  type ExceptionServiceOptions,
  type OwnerChange,
  type SweepReport,
  type WarehouseScope,
  type AuditContext,
} from './exception-service.ts';
export { startExceptionSweep, type ExceptionSweepOptions } from './exception-sweep.ts';
export { exceptionWebhookFromEnv, type ExceptionWebhook } from './exception-webhook.ts';
export { deliverNotifications, retryAfterMs, EVENT_HEADER, type DeliverOptions, type DeliveryReport } from './deliver-notifications.ts';

export { type BackoffPolicy, DEFAULT_BACKOFF, backoffDelay, retryDelay } from './backoff.ts';
export { ConnectorFailure, describeError, parseRetryAfter } from './connector-failure.ts';
export { type CursorRecord, type CursorStore, START_OF_STREAM, memoryCursors, storeCursors } from './cursor-store.ts';
export { type LedgerSinkDeps, ledgerSink } from './ledger-sink.ts';
export { PollLoop, type PollLoopOptions, type StepOutcome } from './poll-loop.ts';
export {
  type ConnectorRejection,
  type RejectionLog,
  type StoredRejection,
  MAX_PAYLOAD_CHARS,
  memoryRejections,
  rejectionId,
  storeRejections,
} from './rejection-log.ts';
export { type Sleep, realSleep } from './sleep.ts';
export { StatePersister } from './state-persister.ts';
export { type ConnectorStateStore, storeConnectorStates } from './state-store.ts';
export { type ConnectorHealth, StateTracker } from './state-tracker.ts';
export { issueProblems, pathOf, type SchemaIssue } from './issue-problems.ts';
export { omitEmpty } from './omit-empty.ts';
export { type WarehouseCodes, toWarehouse, toWarehouseCode } from './warehouse-codes.ts';
export { PushedConnector } from './pushed-connector.ts';

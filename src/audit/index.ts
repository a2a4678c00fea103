/**
 * The audit trail: an append-only log of every change made through the API or the CLI (who,
 * when, what, before and after), chained by hashes like the ledger, so that any edit, deletion or
 * insertion is detected by `verifyAudit` (docs/audit.md).
 */
export type { AuditEntry, AuditInput, AuditTarget, AuditVia } from './audit-entry.ts';
export { recordAudit, recordAuditBatch } from './record-audit.ts';
export { verifyAudit, type AuditVerifyResult } from './verify-audit.ts';
export { listAudit, type AuditFilter } from './list-audit.ts';
export { auditHash, stateJson, type HashedAuditFields } from './audit-hash.ts';
export { checkAuditChain, checkAuditHead, type ChainBreak, type ChainCheck, type ChainPosition, type ChainRow } from './audit-chain.ts';
export { cliActor } from './cli-actor.ts';

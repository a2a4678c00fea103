import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/index.ts';
import { AUDIT_VIAS, type AuditEntry, type AuditInput } from './audit-entry.ts';
import { auditHash, stateJson } from './audit-hash.ts';

/**
 * Appends one entry to the audit trail. Given a transaction, the entry is written inside it, so the
 * change and its record commit together or not at all (call it in the same transaction as the
 * change, after the change). Given the database, it joins the next short transaction shared with
 * other such calls (for changes that committed elsewhere; see groupCommit).
 *
 * Writers are serialised on the head row: a no-op UPDATE of it is the first write, which takes
 * the row lock on PostgreSQL (a concurrent writer waits there until this transaction ends, then
 * reads the new head) and the database write lock on SQLite. Two hubs on one database therefore
 * append one chain, never two branches. Take it after any other lock the transaction needs (the
 * ledger's, master data's), so that the audit head is always the last lock taken.
 */
export async function recordAudit(db: Kysely<Database> | Transaction<Database>, input: AuditInput): Promise<AuditEntry> {
  if (!db.isTransaction) return groupCommit(db, input);
  return append(db as Transaction<Database>, input);
}

interface Waiting {
  readonly input: AuditInput;
  resolve(e: AuditEntry): void;
  reject(e: unknown): void;
}

/** Entries waiting for the next shared transaction, per database. */
const queues = new WeakMap<Kysely<Database>, { waiting: Waiting[]; running: boolean }>();

/**
 * Entries recorded outside a transaction share one (group commit, like the ledger's write path):
 * every call queued while a group commits goes into the next, in call order, and each caller is
 * answered after the commit that holds its entry. One durable commit per group, not per entry: at
 * a hundred audited order submits a second, a commit each (an fsync on the event loop with SQLite)
 * stalled every other request of the hub.
 */
function groupCommit(db: Kysely<Database>, input: AuditInput): Promise<AuditEntry> {
  check(input); // refused here, alone: a bad entry never fails the group it would have joined
  let q = queues.get(db);
  if (!q) queues.set(db, (q = { waiting: [], running: false }));
  const queue = q;
  return new Promise((resolve, reject) => {
    queue.waiting.push({ input, resolve, reject });
    if (!queue.running) {
      queue.running = true;
      setImmediate(() => void drain(db, queue));
    }
  });
}

async function drain(db: Kysely<Database>, q: { waiting: Waiting[]; running: boolean }): Promise<void> {
  try {
    while (q.waiting.length > 0) {
      const group = q.waiting.splice(0, 500);
      try {
        const entries = await db.transaction().execute(async (tx) => {
          const out: AuditEntry[] = [];
          for (const w of group) out.push(await append(tx, w.input));
          return out;
        });
        group.forEach((w, i) => w.resolve(entries[i] as AuditEntry));
      } catch (err) {
        for (const w of group) w.reject(err);
      }
    }
  } finally {
    q.running = false;
  }
}

async function append(tx: Transaction<Database>, input: AuditInput): Promise<AuditEntry> {
  check(input);
  await tx.updateTable('audit_head').set((eb) => ({ seq: eb.ref('seq') })).where('id', '=', 1).execute();
  const head = await tx.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  const seq = Number(head.seq) + 1;
  const fields = {
    seq,
    at: input.at ?? new Date().toISOString(),
    actor: input.actor,
    via: input.via,
    action: input.action,
    targetKind: input.target.kind,
    targetId: input.target.id,
    warehouse: input.warehouse ?? null,
    beforeJson: stateJson(input.before),
    afterJson: stateJson(input.after),
    requestId: input.requestId ?? null,
  };
  const hash = auditHash(head.hash, fields);
  await tx
    .insertInto('audit_log')
    .values({
      seq,
      at: fields.at,
      actor: fields.actor,
      via: fields.via,
      action: fields.action,
      target_kind: fields.targetKind,
      target_id: fields.targetId,
      warehouse_id: fields.warehouse,
      before_json: fields.beforeJson,
      after_json: fields.afterJson,
      request_id: fields.requestId,
      prev_hash: head.hash,
      hash,
    })
    .execute();
  await tx.updateTable('audit_head').set({ seq, hash }).where('id', '=', 1).execute();
  return {
    seq,
    at: fields.at,
    actor: fields.actor,
    via: fields.via,
    action: fields.action,
    target: { kind: fields.targetKind, id: fields.targetId },
    warehouse: fields.warehouse,
    before: fields.beforeJson === null ? null : (JSON.parse(fields.beforeJson) as unknown),
    after: fields.afterJson === null ? null : (JSON.parse(fields.afterJson) as unknown),
    requestId: fields.requestId,
    prevHash: head.hash,
    hash,
  };
}

/** A programming error, not user input: every caller builds its entry in code. */
function check(input: AuditInput): void {
  const empty = (s: string | undefined) => typeof s !== 'string' || s.trim() === '';
  if (empty(input.actor) || empty(input.action) || empty(input.target?.kind) || empty(input.target?.id)) {
    throw new Error(`audit entry needs actor, action and target (got ${JSON.stringify({ actor: input.actor, action: input.action, target: input.target })})`);
  }
  if (!AUDIT_VIAS.includes(input.via)) throw new Error(`audit entry via must be one of ${AUDIT_VIAS.join(', ')}, got ${String(input.via)}`);
  if (input.at !== undefined && Number.isNaN(Date.parse(input.at))) throw new Error(`audit entry at must be an ISO-8601 time, got ${input.at}`);
}

import { CompiledQuery, type Kysely, PostgresAdapter, type Transaction } from 'kysely';
import type { Database } from '../store/index.ts';
import { AUDIT_VIAS, type AuditEntry, type AuditInput } from './audit-entry.ts';
import { auditHash, type HashedAuditFields, stateJson } from './audit-hash.ts';

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
  return (await recordAuditBatch(db as Transaction<Database>, [input]))[0] as AuditEntry;
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
        const entries = await db.transaction().execute((tx) => recordAuditBatch(tx, group.map((w) => w.input)));
        group.forEach((w, i) => w.resolve(entries[i] as AuditEntry));
      } catch (err) {
        for (const w of group) w.reject(err);
      }
    }
  } finally {
    q.running = false;
  }
}

const COLS = ['seq', 'at', 'actor', 'via', 'action', 'target_kind', 'target_id', 'warehouse_id', 'before_json', 'after_json', 'request_id', 'prev_hash', 'hash'] as const;
const PG_TYPES = ['bigint', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text'];
/** SQLite runs SQL starting with this marker once per parameter row, one prepared statement (src/store/open-store.ts). */
const SQLITE_INSERT = `/* per-row */ insert into audit_log (${COLS.join(', ')}) values (${COLS.map(() => '?').join(', ')})`;
const PG_INSERT = `insert into audit_log (${COLS.join(', ')}) select * from unnest(${PG_TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`;
/** The lock and the read of the head in one statement: a no-op UPDATE … RETURNING (both databases). */
const LOCK_HEAD = 'update audit_head set seq = seq where id = 1 returning seq, hash';
const SQLITE_MOVE_HEAD = 'update audit_head set seq = ?, hash = ? where id = 1';
const PG_MOVE_HEAD = 'update audit_head set seq = $1, hash = $2 where id = 1';

/**
 * Appends several entries, in order, inside `tx`: the head is locked and read once, the chain is
 * computed for all of them (the same recipe and hashes as appending them one by one), the rows go in
 * with one statement (a per-row prepared statement on SQLite, `unnest` on PostgreSQL) and the head
 * moves once. All or none: a failing row fails the transaction. Same lock rule as `recordAudit`
 * (take it last). The write path of every entry: `recordAudit` calls it with one input.
 */
export async function recordAuditBatch(tx: Transaction<Database>, inputs: readonly AuditInput[]): Promise<AuditEntry[]> {
  for (const input of inputs) check(input);
  if (inputs.length === 0) return [];
  const head = (await tx.executeQuery<{ seq: number | string; hash: string }>(CompiledQuery.raw(LOCK_HEAD, []))).rows[0];
  if (!head) throw new Error('the audit head row is missing (migration 0006-audit)');
  let seq = Number(head.seq);
  let prevHash = head.hash;
  const now = new Date().toISOString();
  const rows: unknown[][] = [];
  const entries: AuditEntry[] = [];
  for (const input of inputs) {
    seq += 1;
    const fields: HashedAuditFields = {
      seq,
      at: input.at ?? now,
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
    const hash = auditHash(prevHash, fields);
    const f = fields;
    rows.push([seq, f.at, f.actor, f.via, f.action, f.targetKind, f.targetId, f.warehouse, f.beforeJson, f.afterJson, f.requestId, prevHash, hash]);
    entries.push({
      seq,
      at: f.at,
      actor: f.actor,
      via: input.via,
      action: f.action,
      target: { kind: f.targetKind, id: f.targetId },
      warehouse: f.warehouse,
      before: f.beforeJson === null ? null : (JSON.parse(f.beforeJson) as unknown),
      after: f.afterJson === null ? null : (JSON.parse(f.afterJson) as unknown),
      requestId: f.requestId,
      prevHash,
      hash,
    });
    prevHash = hash;
  }
  const pg = tx.getExecutor().adapter instanceof PostgresAdapter;
  if (pg) await tx.executeQuery(CompiledQuery.raw(PG_INSERT, COLS.map((_, c) => rows.map((r) => r[c]))));
  else await tx.executeQuery(CompiledQuery.raw(SQLITE_INSERT, [rows]));
  await tx.executeQuery(CompiledQuery.raw(pg ? PG_MOVE_HEAD : SQLITE_MOVE_HEAD, [seq, prevHash]));
  return entries;
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

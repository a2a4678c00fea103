import { type Kysely, sql, type Transaction } from 'kysely';
import type { MasterData, Problem } from '../domain/index.ts';
import type { Database, Dialect } from '../store/index.ts';
import type { Conflict } from './find-conflicts.ts';
import { loadMasterData, saveMasterData } from './master-data-repository.ts';
import { type ImportCounts, zeroCounts } from './merge-master-data.ts';
import { type ParsedFiles, RECORD_KINDS, type RecordKind, type RecordOf } from './import-record.ts';
import { readImportFiles } from './parse-files.ts';
import { recordKey } from './record-keys.ts';
import { validateImport } from './validate-import.ts';

/** What `importMasterData` did: written records per kind, or every problem and nothing written. */
export interface ImportReport {
  /** True when the import was written; false when any problem rejected all of it. */
  readonly ok: boolean;
  /** The files read, in reading order. */
  readonly files: readonly string[];
  /** What was written per kind; all zero when the import was rejected. */
  readonly counts: ImportCounts;
  /** Every problem, each with `where` = `file:line field`; any problem means nothing was written. */
  readonly problems: readonly Problem[];
  readonly warnings: readonly Problem[];
  /** Homonyms the import takes part in. */
  readonly conflicts: readonly Conflict[];
}

/**
 * Imports master data files and folders (JSON, YAML, CSV), all or nothing. Stored master data is
 * read and the new and changed records written in one transaction, and only when no record of any
 * file has a problem, so a rejected import leaves the store exactly as it was. Importing the same
 * files again writes nothing: the records come back as unchanged.
 */
export async function importMasterData(db: Kysely<Database>, paths: readonly string[], opts: ImportOptions = {}): Promise<ImportReport> {
  return importParsedMasterData(db, await readImportFiles(paths), opts);
}

/** What an import wrote: the records as they were before (those it replaced) and as written. */
export interface ImportChange {
  /** The stored records the import replaced (same keys as in `written`); new records have none. */
  readonly before: MasterData;
  readonly written: MasterData;
  readonly counts: ImportCounts;
}

export interface ImportOptions {
  readonly dialect?: Dialect | undefined;
  /**
   * Called inside the import's transaction after a successful write (not for a rejected import,
   * nor for one that changes nothing): how the audit trail records an import together with it.
   * A throw rolls the import back.
   */
  readonly onWritten?: ((tx: Transaction<Database>, change: ImportChange) => Promise<void>) | undefined;
}

/** `importMasterData` for files already read (`readImportFiles`, or `parseImportText` for text from elsewhere). */
export async function importParsedMasterData(db: Kysely<Database>, parsed: ParsedFiles, opts: ImportOptions = {}): Promise<ImportReport> {
  return db.transaction().execute(async (tx) => {
    // Two imports at once must not both validate against the same old state: serialise them.
    if (opts.dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext('stockmesh.mdm.import'))`.execute(tx);
    const existing = await loadMasterData(tx);
    const v = validateImport(parsed.records, existing);
    const problems = inFileOrder([...parsed.problems, ...v.problems], parsed.files);
    const ok = problems.length === 0;
    if (ok) await saveMasterData(tx, v.changes);
    if (ok && opts.onWritten && RECORD_KINDS.some((k) => v.changes[k].length > 0)) {
      await opts.onWritten(tx, { before: replaced(existing, v.changes), written: v.changes, counts: v.counts });
    }
    return {
      ok,
      files: parsed.files,
      counts: ok ? v.counts : zeroCounts(),
      problems,
      warnings: v.warnings,
      conflicts: v.conflicts,
    };
  });
}

/** Problems ordered by the file they name, in reading order (stable within a file). */
function inFileOrder(problems: readonly Problem[], files: readonly string[]): Problem[] {
  const rank = (p: Problem): number => {
    const at = p.where ?? '';
    return files.findIndex((f) => at === f || at.startsWith(`${f}:`) || at.startsWith(`${f}#`));
  };
  return problems
    .map((p, i) => ({ p, i, r: rank(p) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.p);
}

/** The stored records that `changes` replaces, kind by kind. */
function replaced(existing: MasterData, changes: MasterData): MasterData {
  const pick = <K extends RecordKind>(kind: K): RecordOf[K][] => {
    const keys = new Set((changes[kind] as readonly RecordOf[K][]).map((r) => recordKey(kind, r)));
    return (existing[kind] as readonly RecordOf[K][]).filter((r) => keys.has(recordKey(kind, r)));
  };
  return { warehouses: pick('warehouses'), skus: pick('skus'), units: pick('units'), aliases: pick('aliases'), statusMaps: pick('statusMaps'), sources: pick('sources') };
}

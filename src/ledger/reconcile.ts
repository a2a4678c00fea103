import { type CanonicalEvent, type CanonicalStatus, type Problem, problem, toBaseUnits } from '../domain/index.ts';
import type { MasterDataIndex } from '../mdm/index.ts';
import { z } from 'zod';

const id = z.string().trim().min(1).max(200);

/** A source's full stock listing of one warehouse at one time (docs/event-format.md#snapshots). */
export const snapshotSchema = z.strictObject({
  id,
  source: id,
  warehouse: id,
  takenAt: z.iso.datetime({ offset: true }),
  lines: z.array(
    z.strictObject({
      sku: id,
      unit: id.optional(),
      lot: z.string().trim().min(1).max(100).optional(),
      expiry: z.iso.date().optional(),
      status: id,
      quantity: z.union([z.number().nonnegative(), z.string().regex(/^\d+(\.\d+)?$/)]),
    }),
  ),
});
export type Snapshot = z.infer<typeof snapshotSchema>;

export interface CountedLine {
  readonly sku: string;
  readonly lot: string;
  readonly status: CanonicalStatus;
  readonly qty: number;
  readonly expiry: string | null;
  readonly externalSku: string;
}

/** Maps every line through master data; any bad line makes the whole snapshot unusable. */
export function mapSnapshot(s: Snapshot, md: MasterDataIndex): { ok: true; lines: CountedLine[] } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const source = md.source(s.source);
  if (!source) problems.push(problem('UNKNOWN_SOURCE', `source "${s.source}" is not in master data`, 'source'));
  if (!md.warehouse(s.warehouse)) problems.push(problem('UNKNOWN_WAREHOUSE', `warehouse "${s.warehouse}" is not in master data`, 'warehouse'));
  else if (source && !source.warehouses.includes(s.warehouse)) {
    problems.push(problem('SOURCE_NOT_ALLOWED', `source "${s.source}" may not report for warehouse "${s.warehouse}"`, 'warehouse'));
  }
  const lines: CountedLine[] = [];
  s.lines.forEach((l, i) => {
    const at = `lines[${i}]`;
    const r = md.resolveSku(s.source, l.sku);
    if (!r) return void problems.push(problem('UNKNOWN_SKU', `"${l.sku}" is not an alias of "${s.source}" nor a canonical SKU`, `${at}.sku`));
    const unit = l.unit ?? r.unit ?? r.sku.baseUnit;
    const factor = md.factor(r.sku.id, unit);
    if (factor === undefined) return void problems.push(problem('UNKNOWN_UNIT', `unit "${unit}" has no conversion for ${r.sku.id}`, `${at}.unit`));
    const qty = toBaseUnits(l.quantity, factor);
    if (qty === undefined) return void problems.push(problem('UNIT_INEXACT', `${l.quantity} ${unit} is not a whole number of ${r.sku.baseUnit}`, `${at}.quantity`));
    const status = md.resolveStatus(s.source, l.status);
    if (!status) return void problems.push(problem('UNKNOWN_STATUS', `status "${l.status}" has no mapping for "${s.source}"`, `${at}.status`));
    lines.push({ sku: r.sku.id, lot: l.lot ?? '', status, qty, expiry: l.expiry ?? null, externalSku: l.sku });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, lines };
}

export interface LedgerPosition {
  readonly sku: string;
  readonly lot: string;
  readonly status: CanonicalStatus;
  readonly qty: number;
}

/**
 * Compares a counted listing with the ledger's positions of the same warehouse (pure). Every
 * difference becomes one adjusting event (reason `snapshot_drift`) with a stable id derived from
 * the snapshot id and the position, so re-sending the snapshot adjusts nothing twice.
 * A position the listing does not mention was counted as zero.
 */
export function reconcile(s: Snapshot, counted: readonly CountedLine[], ledger: readonly LedgerPosition[]): CanonicalEvent[] {
  const key = (x: { sku: string; lot: string; status: string }) => `${x.sku}\u0000${x.lot}\u0000${x.status}`;
  const want = new Map<string, { line: CountedLine | null; qty: number; sku: string; lot: string; status: CanonicalStatus }>();
  for (const c of counted) {
    const k = key(c);
    const w = want.get(k);
    if (w) w.qty += c.qty;
    else want.set(k, { line: c, qty: c.qty, sku: c.sku, lot: c.lot, status: c.status });
  }
  const have = new Map<string, number>();
  for (const p of ledger) {
    have.set(key(p), (have.get(key(p)) ?? 0) + p.qty);
    if (!want.has(key(p))) want.set(key(p), { line: null, qty: 0, sku: p.sku, lot: p.lot, status: p.status });
  }
  const out: CanonicalEvent[] = [];
  for (const [k, w] of [...want.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const delta = w.qty - (have.get(k) ?? 0);
    if (delta === 0) continue;
    out.push({
      id: `${s.id}:${w.sku}:${w.lot}:${w.status}`,
      source: s.source,
      sourceSeq: null,
      occurredAt: s.takenAt,
      warehouse: s.warehouse,
      sku: w.sku,
      lot: w.lot,
      expiry: w.line?.expiry ?? null,
      quantity: Math.abs(delta),
      fromStatus: delta < 0 ? w.status : null,
      toStatus: delta > 0 ? w.status : null,
      reason: 'snapshot_drift',
      orderRef: null,
      transferRef: null,
      external: { sku: w.line?.externalSku ?? w.sku, unit: null, quantity: String(Math.abs(delta)) },
    });
  }
  return out;
}

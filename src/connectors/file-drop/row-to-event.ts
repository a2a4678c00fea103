import type { InboundEvent, Problem } from '../../domain/index.ts';
import { problem } from '../../domain/index.ts';
import { omitEmpty, toWarehouse } from '../runtime/index.ts';
import type { FileLayout } from './file-drop-config.ts';
import { parseDate, parseDateTime, parseQuantity, parseTime } from './parse-values.ts';
import type { DropRow } from './read-rows.ts';

/** What a row decoder knows about the file it reads. */
export interface RowContext {
  readonly source: string;
  readonly fileName: string;
  readonly layout: FileLayout;
  readonly utcOffset: string;
  /** The time the file speaks for (its name's date/time, else when it was written). */
  readonly fileTime: string;
}

export type RowResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly Problem[] };

const REASON = /^[a-z][a-z0-9_]{0,39}$/;

/** The warehouse of a row: its column through the layout's codes, else the layout's default. */
export function rowWarehouse(row: DropRow, ctx: RowContext, where: string): string | Problem {
  const code = row.values.warehouse || ctx.layout.defaults?.warehouse;
  if (!code) return problem('MALFORMED_MESSAGE', 'no warehouse: the layout has neither a warehouse column nor a default', where);
  const w = toWarehouse(code, ctx.layout.warehouseCodes);
  return w ?? problem('UNKNOWN_WAREHOUSE', `warehouse code "${code}" has no warehouse in the layout's configuration`, where);
}

/** Expiry and lot as written (empty = none); a date that is not a date is a problem. */
export function rowExpiry(row: DropRow, where: string): string | undefined | Problem {
  const e = row.values.expiry;
  if (!e) return undefined;
  return parseDate(e) ?? problem('MALFORMED_MESSAGE', `expiry "${e}" is not a date`, where);
}

/**
 * Pure: one journal line → one inbound event, id `<source>:<file name>:<line>` (the same file
 * dropped again gives the same ids). Direction comes from, in order: the document type column
 * (`movementTypes`), explicit from/to status columns, or a signed quantity with one status.
 */
export function rowToEvent(row: DropRow, ctx: RowContext): RowResult<InboundEvent> {
  const where = `${ctx.fileName}:${row.line}`;
  const v = row.values;
  const problems: Problem[] = [];
  const bad = (field: string, msg: string): void => void problems.push(problem('MALFORMED_MESSAGE', `${field}: ${msg}`, where));

  const warehouse = rowWarehouse(row, ctx, where);
  if (typeof warehouse !== 'string') problems.push(warehouse);
  if (!v.sku) bad('sku', 'empty');
  const q = parseQuantity(v.quantity ?? '');
  if (!q) bad('quantity', `"${v.quantity ?? ''}" is not a number`);
  else if (Number(q.magnitude) === 0) bad('quantity', 'zero moves nothing');
  const expiry = rowExpiry(row, where);
  if (typeof expiry === 'object') problems.push(expiry);
  const occurredAt = occurred(row, ctx);
  if (occurredAt === undefined) bad('time', `"${[v.occurredAt, v.date, v.time].filter(Boolean).join(' ')}" is not a date and time`);

  let reason = v.reason || ctx.layout.defaults?.reason;
  let fromStatus = v.fromStatus || undefined;
  let toStatus = v.toStatus || undefined;
  const status = v.status || ctx.layout.defaults?.status;
  if (v.movementType !== undefined) {
    const t = ctx.layout.movementTypes?.[v.movementType];
    if (!t) bad('movementType', `document type "${v.movementType}" is not in the layout's movement types`);
    else {
      reason = t.reason;
      fromStatus = t.from;
      toStatus = t.to;
      if (q?.negative) bad('quantity', 'a document type line must have a positive quantity');
    }
  } else if (!fromStatus && !toStatus && status && q) {
    if (q.negative) fromStatus = status;
    else toStatus = status;
  } else if (q?.negative) bad('quantity', 'negative, but the line says its statuses');
  if (!fromStatus && !toStatus) bad('status', 'the line says neither where the quantity comes from nor where it goes');
  if (!reason || !REASON.test(reason)) bad('reason', `"${reason ?? ''}" is not a lower_snake_case reason`);

  if (problems.length > 0 || typeof warehouse !== 'string' || !q || !occurredAt || !reason || typeof expiry === 'object') return { ok: false, problems };
  const seq = v.sequence ? Number(v.sequence) : undefined;
  if (seq !== undefined && !(Number.isSafeInteger(seq) && seq >= 0)) return { ok: false, problems: [problem('MALFORMED_MESSAGE', `sequence "${v.sequence}" is not a whole number`, where)] };
  return {
    ok: true,
    value: {
      id: `${ctx.source}:${ctx.fileName}:${row.line}`,
      source: ctx.source,
      occurredAt,
      warehouse,
      sku: v.sku ?? '',
      quantity: q.magnitude,
      reason,
      ...omitEmpty({
        sequence: seq,
        unit: v.unit || ctx.layout.defaults?.unit,
        lot: v.lot,
        expiry,
        fromStatus,
        toStatus,
        orderRef: v.orderRef,
        transferRef: v.transferRef,
      }),
    },
  };
}

function occurred(row: DropRow, ctx: RowContext): string | undefined {
  const v = row.values;
  if (v.occurredAt) return parseDateTime(v.occurredAt, ctx.utcOffset);
  if (v.date) {
    const d = parseDate(v.date);
    const t = v.time ? parseTime(v.time) : '00:00:00';
    return d && t ? `${d}T${t}${ctx.utcOffset}` : undefined;
  }
  return ctx.fileTime;
}

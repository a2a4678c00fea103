import type { InboundEvent, Problem } from '../../domain/index.ts';
import { problem } from '../../domain/index.ts';
import type { Decoded } from '../connector.ts';
import { decodeBytes } from './decode-bytes.ts';
import { type CharsetChoice, detectCharset } from './detect-charset.ts';
import type { Charset, FileLayout } from './file-drop-config.ts';
import { checkOffset, parseDate, parseTime } from './parse-values.ts';
import { type ReadRows, readCsvRows, readFixedRows } from './read-rows.ts';
import { rowToEvent, type RowContext } from './row-to-event.ts';
import { rowsToSnapshots } from './rows-to-snapshots.ts';

/** A file as the folder gave it. */
export interface DropFile {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** When it was last written (ISO-8601): a snapshot's time when its name carries none. */
  readonly modifiedAt: string;
}

export interface DecodedFile {
  /** All or nothing: a file with any problem has problems and nothing else. */
  readonly decoded: Decoded;
  readonly layout: FileLayout | null;
  readonly charset: CharsetChoice | null;
  /** Data lines read (for the archive log and reports). */
  readonly lines: number;
}

/** The first layout whose pattern matches the file name. */
export function layoutFor(name: string, layouts: readonly FileLayout[]): { layout: FileLayout; match: RegExpExecArray } | undefined {
  for (const layout of layouts) {
    const match = new RegExp(layout.match).exec(name);
    if (match) return { layout, match };
  }
  return undefined;
}

/**
 * Pure: one dropped file → events (a journal) or snapshots (a stock listing). The whole file is
 * refused when any line is bad: a legacy export is one unit, and the operator fixes and drops it
 * again (same name → same ids → nothing counted twice). Mapping through master data (codes,
 * units, statuses) is the ledger's; its refusals become dead letters naming `file:line`.
 */
export function decodeDropFile(file: DropFile, ctx: { source: string; layouts: readonly FileLayout[]; charset?: Charset | undefined }): DecodedFile {
  const refuse = (problems: readonly Problem[], layout: FileLayout | null = null, charset: CharsetChoice | null = null): DecodedFile => ({
    decoded: { events: [], snapshots: [], problems },
    layout,
    charset,
    lines: 0,
  });
  const found = layoutFor(file.name, ctx.layouts);
  if (!found) return refuse([problem('MALFORMED_MESSAGE', 'no layout of this source matches the file name', file.name)]);
  const { layout, match } = found;
  const charset = detectCharset(file.bytes, file.name, layout.charset, ctx.charset);
  const utcOffset = checkOffset(layout.utcOffset);
  if (utcOffset === undefined) return refuse([problem('INVALID_ARGUMENT', `layout ${layout.name}: utcOffset "${layout.utcOffset}" is not like +08:00`, file.name)], layout, charset);
  const fileTime = timeFromName(match, utcOffset) ?? file.modifiedAt;
  const body = file.bytes.subarray(charset.bomLength);
  let ignore: RegExp | undefined;
  try {
    ignore = layout.ignoreLines ? new RegExp(layout.ignoreLines) : undefined;
  } catch {
    return refuse([problem('INVALID_ARGUMENT', `layout ${layout.name}: ignoreLines is not a regular expression`, file.name)], layout, charset);
  }

  let read: ReadRows;
  if (layout.format.kind === 'csv') {
    const text = decodeBytes(body, charset.charset);
    if (text === undefined) return refuse([problem('UNREADABLE_FILE', `the file is not valid ${charset.charset} (decided by ${charset.by})`, file.name)], layout, charset);
    read = readCsvRows(file.name, text, layout.format, ignore);
  } else {
    read = readFixedRows(file.name, body, charset.charset, layout.format, ignore);
  }
  if (read.problems.length > 0) return refuse(read.problems, layout, charset);

  const rctx: RowContext = { source: ctx.source, fileName: file.name, layout, utcOffset, fileTime };
  if (layout.kind === 'snapshot') {
    const r = rowsToSnapshots(read.rows, rctx);
    if (!r.ok) return refuse(r.problems, layout, charset);
    return { decoded: { events: [], snapshots: r.value, problems: [] }, layout, charset, lines: read.rows.length };
  }
  const events: InboundEvent[] = [];
  const problems: Problem[] = [];
  for (const row of read.rows) {
    const r = rowToEvent(row, rctx);
    if (r.ok) events.push(r.value);
    else problems.push(...r.problems);
  }
  if (problems.length > 0) return refuse(problems, layout, charset);
  return { decoded: { events, snapshots: [], problems: [] }, layout, charset, lines: read.rows.length };
}

function timeFromName(match: RegExpExecArray, utcOffset: string): string | undefined {
  const d = match.groups?.date;
  if (!d) return undefined;
  const date = parseDate(d);
  const time = match.groups?.time ? parseTime(match.groups.time) : '00:00:00';
  return date && time ? `${date}T${time}${utcOffset}` : undefined;
}

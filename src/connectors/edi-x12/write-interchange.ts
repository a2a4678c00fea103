import { X12Interchange } from 'node-x12';
import { StockmeshError } from '../../domain/index.ts';

/** Who sends an interchange to whom, under which control number, when, and with which delimiters. */
export interface X12Envelope {
  /** ISA05/ISA06: interchange id qualifier (ZZ, 01, 08, 12…) and sender id (≤ 15 characters). */
  readonly sender: { readonly qualifier: string; readonly id: string };
  /** ISA07/ISA08. */
  readonly receiver: { readonly qualifier: string; readonly id: string };
  /** ISA13 (1–999999999); also GS06 unless `groupControlNumber` is given. */
  readonly controlNumber: number;
  readonly groupControlNumber?: number | undefined;
  /** GS02; default: the sender id. */
  readonly applicationSender?: string | undefined;
  /** GS03; default: the receiver id. */
  readonly applicationReceiver?: string | undefined;
  /** ISA09/ISA10 and GS04/GS05, written in UTC. */
  readonly date: string | Date;
  /** ISA15: P production (default) or T test. */
  readonly usage?: 'P' | 'T' | undefined;
  /** GS08; default 004010. ISA12 follows it (00401, 00501…). */
  readonly version?: string | undefined;
  /** Default `*`, `>`, `~` and a line break after each segment. */
  readonly delimiters?: { readonly element?: string; readonly component?: string; readonly segment?: string; readonly lineBreaks?: boolean } | undefined;
}

export interface SetToWrite {
  readonly id: string;
  readonly controlNumber: string;
  readonly segments: readonly (readonly [tag: string, elements: readonly string[]])[];
}

/**
 * Writes one interchange holding one functional group with the given transaction sets, through
 * node-x12's object model (which pads the ISA, counts SE01/GE01/IEA01 and repeats the control
 * numbers in the trailers). Values are checked first: a value holding a delimiter, or too long for
 * its envelope field, is refused (UNENCODABLE_REQUEST) rather than written as a broken interchange.
 */
export function writeInterchange(env: X12Envelope, functionalId: string, sets: readonly SetToWrite[]): string {
  const d = { element: env.delimiters?.element ?? '*', component: env.delimiters?.component ?? '>', segment: env.delimiters?.segment ?? '~' };
  const lineBreaks = env.delimiters?.lineBreaks ?? true;
  const version = env.version ?? '004010';
  const isaVersion = version.slice(0, 5);
  const when = typeof env.date === 'string' ? new Date(env.date) : env.date;
  if (Number.isNaN(when.getTime())) refuse('date', `"${String(env.date)}" is not a date`);
  const iso = when.toISOString();
  const ymd = iso.slice(0, 10).replace(/-/g, '');
  const hm = iso.slice(11, 16).replace(':', '');
  const groupControl = env.groupControlNumber ?? env.controlNumber;
  for (const [name, n] of [['controlNumber', env.controlNumber], ['groupControlNumber', groupControl]] as const) {
    if (!Number.isInteger(n) || n < 1 || n > 999_999_999) refuse(name, `${n} is not a control number (1–999999999)`);
  }
  const ids = { 'sender.id': env.sender.id, 'receiver.id': env.receiver.id };
  for (const [name, v] of Object.entries(ids)) if (v.length === 0 || v.length > 15) refuse(name, `"${v}" must have 1–15 characters`);
  const gs02 = env.applicationSender ?? env.sender.id;
  const gs03 = env.applicationReceiver ?? env.receiver.id;
  for (const [name, v] of [['applicationSender', gs02], ['applicationReceiver', gs03]] as const) {
    if (v.length < 2 || v.length > 15) refuse(name, `"${v}" must have 2–15 characters`);
  }
  const options = { elementDelimiter: d.element, segmentTerminator: d.segment, subElementDelimiter: d.component, endOfLine: '\n', format: lineBreaks };
  const ic = new X12Interchange(options);
  const repetition = isaVersion >= '00402' ? '^' : 'U';
  ic.setHeader(clean('ISA', ['00', '', '00', '', env.sender.qualifier, env.sender.id, env.receiver.qualifier, env.receiver.id, ymd.slice(2), hm, repetition, isaVersion, String(env.controlNumber), '0', env.usage ?? 'P', d.component], d));
  const group = ic.addFunctionalGroup();
  group.setHeader(clean('GS', [functionalId, gs02, gs03, ymd, hm, String(groupControl), 'X', version], d));
  for (const set of sets) {
    const t = group.addTransaction();
    t.setHeader(clean('ST', [set.id, set.controlNumber], d));
    for (const [tag, elements] of set.segments) t.addSegment(tag, clean(tag, trimTrailing(elements), d));
  }
  return ic.toString(options) + (lineBreaks ? '\n' : '');
}

function clean(tag: string, values: readonly string[], d: { element: string; component: string; segment: string }): string[] {
  return values.map((v, i) => {
    const bad = [d.element, d.segment, ...(tag === 'ISA' && i === 15 ? [] : [d.component])].find((c) => v.includes(c));
    if (bad !== undefined) refuse(`${tag}${String(i + 1).padStart(2, '0')}`, `"${v}" contains the delimiter "${bad}"`);
    if (/[\r\n]/.test(v)) refuse(`${tag}${String(i + 1).padStart(2, '0')}`, `"${v}" contains a line break`);
    return v;
  });
}

function trimTrailing(values: readonly string[]): string[] {
  const out = [...values];
  while (out.length > 1 && out.at(-1) === '') out.pop();
  return out;
}

function refuse(field: string, message: string): never {
  throw new StockmeshError('UNENCODABLE_REQUEST', `${field}: ${message}`, [{ code: 'UNENCODABLE_REQUEST', message, where: field }]);
}

import { type Problem, problem } from '../../domain/index.ts';
import { GROUP_ERROR, SET_ERROR } from './ack-model.ts';
import { SetFindings } from './set-findings.ts';
import type { EnvelopeInfo } from './set-reader.ts';
import { el, type FunctionalGroup, type Interchange } from './x12-model.ts';

/** The functional group each transaction set read here belongs to (GS01). */
export const FUNCTIONAL_IDS: Readonly<Record<string, string>> = { '846': 'IB', '940': 'OW', '943': 'AR', '944': 'RE', '945': 'SW', '997': 'FA' };

const ISA_WIDTHS = [2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1];

export interface GroupCheck {
  readonly group: FunctionalGroup;
  readonly where: string;
  readonly functionalId: string;
  readonly controlNumber: string;
  readonly version: string;
  /** AK905 codes; any makes the whole group rejected. */
  readonly codes: string[];
  /** True when the group is rejected for a reason without an AK905 code (a malformed GS). */
  rejected: boolean;
  readonly problems: Problem[];
  /** One per set, already holding the set's envelope errors (ST/SE). */
  readonly sets: SetFindings[];
}

export interface EnvelopeCheck {
  readonly info: EnvelopeInfo & { readonly senderQualifier: string; readonly receiverQualifier: string; readonly receiver: string; readonly usage: string; readonly version: string };
  /** Interchange-level errors (ISA/IEA): everything is refused. */
  readonly refused: Problem[];
  readonly warnings: Problem[];
  readonly groups: GroupCheck[];
}

const num = (v: string): number => (/^\d+$/.test(v.trim()) ? Number(v.trim()) : NaN);

/**
 * Checks the envelopes: ISA fields, ISA13 = IEA02, IEA01 = number of groups; per group GS shape,
 * GS06 = GE02, GE01 = number of sets; per set ST02 = SE02, SE01 = number of segments, and that the
 * set belongs in its group. Deviations that do not change the meaning (a blank ISA11, padded
 * GS02/GS03, a short ISA field, GS07 other than X, a 6-digit GS04) are warnings.
 */
export function checkEnvelope(ic: Interchange, utcOffset: string): EnvelopeCheck {
  const isa = ic.isa;
  const refused: Problem[] = [];
  const warnings: Problem[] = [];
  const quirk = (where: string, message: string) => warnings.push(problem('MESSAGE_QUIRK', message, where));
  const wrongWidths = isa.map((v, i) => (v.length === ISA_WIDTHS[i] ? '' : `ISA${String(i + 1).padStart(2, '0')} has ${v.length} characters instead of ${ISA_WIDTHS[i]}`)).filter((x) => x !== '');
  if (wrongWidths.length > 0 || ic.isaLength !== 106) quirk('ISA', `the ISA is ${ic.isaLength} characters instead of 106 (${wrongWidths.join('; ')}); read by its element separators`);
  const version = (isa[11] ?? '').trim();
  if (version <= '00401' && isa[10] !== 'U') quirk('ISA11', `ISA11 is ${JSON.stringify(isa[10])} where version ${version} expects "U"`);
  const control = (isa[12] ?? '').trim();
  if (!/^\d{9}$/.test(control)) refused.push(problem('MALFORMED_MESSAGE', `ISA13 "${control}" is not a 9-digit interchange control number`, 'ISA13'));
  const date = /^(\d{2})(\d{2})(\d{2})$/.exec((isa[8] ?? '').trim());
  const time = /^(\d{2})(\d{2})$/.exec((isa[9] ?? '').trim());
  if (!date || !time) refused.push(problem('MALFORMED_MESSAGE', `ISA09/ISA10 "${isa[8]}" "${isa[9]}" are not a date (YYMMDD) and time (HHMM)`, 'ISA09'));
  const sentAt = date && time ? `20${date[1]}-${date[2]}-${date[3]}T${time[1]}:${time[2]}:00${utcOffset === '+00:00' ? 'Z' : utcOffset}` : '1970-01-01T00:00:00Z';
  if (ic.trailer === undefined) refused.push(problem('MALFORMED_MESSAGE', 'the IEA trailer is missing: the interchange is incomplete', 'IEA'));
  else {
    if (num(el(ic.trailer, 2)) !== num(control)) {
      refused.push(problem('MALFORMED_MESSAGE', `ISA13 ${control} and IEA02 ${el(ic.trailer, 2)} differ: the interchange control numbers do not match (TA1 code 001)`, 'IEA02'));
    }
    if (num(el(ic.trailer, 1)) !== ic.groups.length) {
      refused.push(problem('MALFORMED_MESSAGE', `IEA01 says ${el(ic.trailer, 1)} functional groups, the interchange holds ${ic.groups.length}`, 'IEA01'));
    }
  }
  return {
    info: {
      sender: (isa[5] ?? '').trim(),
      senderQualifier: (isa[4] ?? '').trim(),
      receiver: (isa[7] ?? '').trim(),
      receiverQualifier: (isa[6] ?? '').trim(),
      controlNumber: control,
      sentAt,
      usage: (isa[14] ?? '').trim(),
      version,
    },
    refused,
    warnings,
    groups: ic.groups.map((g, i) => checkGroup(g, i, quirk)),
  };
}

function checkGroup(g: FunctionalGroup, index: number, quirk: (where: string, message: string) => void): GroupCheck {
  const gs = g.header;
  const controlNumber = el(gs, 6);
  const where = `GS ${controlNumber || `#${index + 1}`} (${el(gs, 1)})`;
  const check: GroupCheck = { group: g, where, functionalId: el(gs, 1), controlNumber, version: el(gs, 8), codes: [], rejected: false, problems: [], sets: [] };
  const fail = (code: string | undefined, message: string, at = where) => {
    if (code !== undefined && !check.codes.includes(code)) check.codes.push(code);
    check.rejected = true;
    check.problems.push(problem('MALFORMED_MESSAGE', message, at));
  };
  if (gs.elements.length !== 8) {
    fail(undefined, `GS has ${gs.elements.length} elements instead of 8 (${gs.elements.join(' | ')}): GS04–GS08 cannot be read by position`, `${where}, segment GS`);
  }
  if (!/^\d{1,9}$/.test(controlNumber)) fail(GROUP_ERROR.invalidControlNumber, `GS06 "${controlNumber}" is not a group control number (1–9 digits)`);
  for (const n of [2, 3]) {
    const raw = gs.elements[n - 1] ?? '';
    if (raw !== raw.trim()) quirk(`${where}, GS0${n}`, `GS0${n} ${JSON.stringify(raw)} has leading or trailing spaces; read as "${raw.trim()}"`);
  }
  if (/^\d{6}$/.test(el(gs, 4))) quirk(`${where}, GS04`, `GS04 "${el(gs, 4)}" is YYMMDD; version ${el(gs, 8)} uses CCYYMMDD`);
  if (gs.elements.length === 8 && el(gs, 7) !== 'X') quirk(`${where}, GS07`, `GS07 is "${el(gs, 7)}" instead of "X" (ASC X12); read as X12 ${el(gs, 8)}`);
  if (g.trailer === undefined) fail(GROUP_ERROR.trailerMissing, 'the GE trailer is missing');
  else {
    if (num(el(g.trailer, 2)) !== num(controlNumber)) {
      fail(GROUP_ERROR.controlNumberMismatch, `GS06 ${controlNumber} and GE02 ${el(g.trailer, 2)} differ: the group control numbers do not match`, `${where}, GE02`);
    }
    if (num(el(g.trailer, 1)) !== g.sets.length) {
      fail(GROUP_ERROR.setCountMismatch, `GE01 says ${el(g.trailer, 1)} transaction sets, the group holds ${g.sets.length}: a set is missing or extra`, `${where}, GE01`);
    }
  }
  for (const set of g.sets) {
    const st01 = el(set.header, 1);
    const st02 = el(set.header, 2);
    const f = new SetFindings(`${where} / ST ${st01} ${st02}`, st01, st02);
    check.sets.push(f);
    if (!/^[A-Za-z0-9]{4,9}$/.test(st02)) f.setError(SET_ERROR.invalidControlNumber, `ST02 "${st02}" is not a transaction set control number (4–9 characters)`);
    const expected = FUNCTIONAL_IDS[st01];
    if (expected !== undefined && expected !== check.functionalId) {
      f.setError(SET_ERROR.invalidSetId, `a ${st01} belongs in a functional group ${expected}, not ${check.functionalId}`);
    }
    if (set.trailer === undefined) f.setError(SET_ERROR.trailerMissing, 'the SE trailer is missing');
    else {
      if (el(set.trailer, 2) !== st02) f.setError(SET_ERROR.controlNumberMismatch, `ST02 ${st02} and SE02 ${el(set.trailer, 2)} differ`);
      if (num(el(set.trailer, 1)) !== set.body.length + 2) {
        f.setError(SET_ERROR.segmentCountMismatch, `SE01 says ${el(set.trailer, 1)} segments, the set holds ${set.body.length + 2}`);
      }
    }
  }
  return check;
}

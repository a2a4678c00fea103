/**
 * The content of a 997 Functional Acknowledgment, the same whether the hub writes one (for what it
 * received) or reads one (for what it sent): one group acknowledgment per functional group (AK1 +
 * AK9), one set acknowledgment per transaction set (AK2 + AK5), with the segment (AK3) and element
 * (AK4) errors found. Codes are the X12 code values, kept as strings.
 */

/** AK403 — element syntax error codes (4010). */
export const ELEMENT_ERROR = {
  mandatoryMissing: '1',
  conditionalMissing: '2',
  tooManyElements: '3',
  tooShort: '4',
  tooLong: '5',
  invalidCharacter: '6',
  invalidCode: '7',
  invalidDate: '8',
  invalidTime: '9',
} as const;

/** AK304 — segment syntax error codes. */
export const SEGMENT_ERROR = {
  unrecognised: '1',
  unexpected: '2',
  mandatoryMissing: '3',
  hasElementErrors: '8',
} as const;

/** AK502 — transaction set syntax error codes. */
export const SET_ERROR = {
  notSupported: '1',
  trailerMissing: '2',
  controlNumberMismatch: '3',
  segmentCountMismatch: '4',
  segmentsInError: '5',
  invalidSetId: '6',
  invalidControlNumber: '7',
} as const;

/** AK905 — functional group syntax error codes. */
export const GROUP_ERROR = {
  notSupported: '1',
  versionNotSupported: '2',
  trailerMissing: '3',
  controlNumberMismatch: '4',
  setCountMismatch: '5',
  invalidControlNumber: '6',
} as const;

export interface ElementError {
  /** AK401: position of the element in its segment (1-based). */
  readonly position: number;
  /** Component position inside a composite element, when the error is in one component. */
  readonly component?: number | undefined;
  /** AK402: data element reference number, when known (355 = unit of measure code…). */
  readonly reference?: string | undefined;
  /** AK403. */
  readonly code: string;
  /** AK404: a copy of the bad value. */
  readonly value?: string | undefined;
}

export interface SegmentError {
  /** AK301. */
  readonly tag: string;
  /** AK302: position in the transaction set, ST = 1. */
  readonly position: number;
  /** AK304 (absent when only element errors are listed). */
  readonly code: string;
  readonly elements: readonly ElementError[];
}

/** AK501 — A accepted, E accepted with errors noted, R rejected (M, W, X: rejected for security reasons). */
export type SetStatus = 'A' | 'E' | 'R' | 'M' | 'W' | 'X';
/** AK901 — as AK501, plus P: partially accepted (some sets rejected). */
export type GroupStatus = SetStatus | 'P';

export interface SetAck {
  /** AK201: transaction set identifier (945…). */
  readonly setId: string;
  /** AK202: the set's control number (ST02). */
  readonly controlNumber: string;
  readonly status: SetStatus;
  /** AK502…AK506. */
  readonly codes: readonly string[];
  readonly segments: readonly SegmentError[];
}

export interface GroupAck {
  /** AK101: functional identifier code (GS01). */
  readonly functionalId: string;
  /** AK102: group control number (GS06). */
  readonly controlNumber: string;
  readonly status: GroupStatus;
  /** AK902: sets the group says it holds (GE01). */
  readonly included: number;
  /** AK903: sets actually received. */
  readonly received: number;
  /** AK904: sets accepted. */
  readonly accepted: number;
  /** AK905…AK909. */
  readonly codes: readonly string[];
  readonly sets: readonly SetAck[];
}

/** The group status that follows from its sets: A when all were accepted, R when none, else P. */
export function groupStatusOf(sets: readonly SetAck[], groupCodes: readonly string[]): GroupStatus {
  if (groupCodes.length > 0) return 'R';
  const accepted = sets.filter((s) => s.status === 'A' || s.status === 'E').length;
  if (accepted === sets.length) return sets.some((s) => s.status === 'E') ? 'E' : 'A';
  return accepted === 0 ? 'R' : 'P';
}

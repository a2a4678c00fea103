import { type ErrorCode, type Problem, problem } from '../../domain/index.ts';
import { type ElementError, SEGMENT_ERROR, SET_ERROR, type SegmentError, type SetAck } from './ack-model.ts';
import type { Segment } from './x12-model.ts';

/**
 * What went wrong in one transaction set, kept twice: as X12 syntax errors for the 997 (AK3/AK4/
 * AK5) and as problems for the hub (code, message, where). Syntax errors reject the set; problems
 * that are not syntax (an unknown qualifier, an unknown warehouse) leave the 997 accepting it —
 * a 997 acknowledges syntax, not business content — and only the affected part yields nothing.
 */
export class SetFindings {
  /** Syntax errors (and unsupported sets): what the 997 rejects. */
  readonly syntax: Problem[] = [];
  /** Content without a stock meaning: the 997 still accepts. */
  readonly content: Problem[] = [];
  /** Deviations read anyway (MESSAGE_QUIRK): reported, never a reason to reject. */
  readonly warnings: Problem[] = [];
  readonly notes: string[] = [];
  private readonly codes: string[] = [];
  private readonly segments = new Map<number, { tag: string; code: string; elements: ElementError[] }>();

  constructor(
    /** `GS <control> / ST <id> <control>`: prefixed to every problem's `where`. */
    readonly where: string,
    readonly setId: string,
    readonly controlNumber: string,
  ) {}

  /** A set-level syntax error (AK502): the set is rejected. */
  setError(code: string, message: string, at: string = this.where, problemCode: ErrorCode = 'MALFORMED_MESSAGE'): void {
    if (!this.codes.includes(code)) this.codes.push(code);
    this.syntax.push(problem(problemCode, message, at));
  }

  /** An element of a segment is wrong (AK3 + AK4): the set is rejected. */
  elementError(seg: Segment, error: ElementError, message: string): void {
    const entry = this.segmentEntry(seg, SEGMENT_ERROR.hasElementErrors);
    entry.elements.push(error);
    const nn = String(error.position).padStart(2, '0');
    this.syntax.push(problem('MALFORMED_MESSAGE', `${seg.tag}-${nn}: ${message}`, `${this.segmentWhere(seg)}, element ${seg.tag}${nn}`));
  }

  /** A whole segment is wrong (AK3 with AK304): the set is rejected. */
  segmentError(seg: Segment, code: string, message: string): void {
    const entry = this.segmentEntry(seg, code);
    if (entry.code === SEGMENT_ERROR.hasElementErrors) entry.code = code;
    this.syntax.push(problem('MALFORMED_MESSAGE', message, this.segmentWhere(seg)));
  }

  /** Content without a stock meaning (not a syntax error): reported, the 997 still accepts. */
  unmapped(seg: Segment | undefined, message: string, code: ErrorCode = 'UNMAPPED_CONTENT'): void {
    this.content.push(problem(code, message, seg === undefined ? this.where : this.segmentWhere(seg)));
  }

  /** A deviation from the standard that does not change the meaning: read, and reported. */
  quirk(seg: Segment, message: string): void {
    this.warnings.push(problem('MESSAGE_QUIRK', message, this.segmentWhere(seg)));
  }

  /** Something read and deliberately not applied, for the operator's eyes (no problem). */
  note(message: string): void {
    this.notes.push(message);
  }

  /** What to report: a rejected set applies nothing, so only why it was rejected matters. */
  get problems(): readonly Problem[] {
    return this.rejected ? this.syntax : [...this.syntax, ...this.content];
  }

  /** True once a syntax error was found: the set is rejected and yields nothing. */
  get rejected(): boolean {
    return this.codes.length > 0 || this.segments.size > 0;
  }

  segmentWhere(seg: Segment): string {
    return `${this.where}, segment ${seg.tag} at position ${seg.position}`;
  }

  toAck(): SetAck {
    const segments: SegmentError[] = [...this.segments.entries()]
      .sort(([a], [b]) => a - b)
      .map(([position, s]) => ({ tag: s.tag, position, code: s.code, elements: s.elements }));
    const codes = segments.length > 0 && !this.codes.includes(SET_ERROR.segmentsInError) ? [...this.codes, SET_ERROR.segmentsInError] : this.codes;
    return { setId: this.setId, controlNumber: this.controlNumber, status: this.rejected ? 'R' : 'A', codes, segments };
  }

  private segmentEntry(seg: Segment, code: string): { tag: string; code: string; elements: ElementError[] } {
    let entry = this.segments.get(seg.position);
    if (!entry) {
      entry = { tag: seg.tag, code, elements: [] };
      this.segments.set(seg.position, entry);
    }
    return entry;
  }
}

import { ELEMENT_ERROR, SEGMENT_ERROR } from './ack-model.ts';
import type { SetFindings } from './set-findings.ts';
import type { TransactionSet } from './x12-model.ts';

/**
 * Most elements each segment may carry (X12 4010/5010) for the segments this connector reads or
 * commonly meets. A segment with more elements is an error — usually a lost segment terminator,
 * where the next segment ran into this one (`REF~ZZ~ASIAQTY~17~403.32~FT`). Segments not listed
 * are not checked: the connector does not read them.
 */
const MAX_ELEMENTS: Readonly<Record<string, number>> = {
  AK1: 3, AK2: 3, AK3: 4, AK4: 4, AK5: 6, AK9: 9,
  BIA: 6, CTP: 11, CTT: 7, DTM: 6, G62: 5, G69: 1, LIN: 31, LX: 1,
  N1: 6, N2: 2, N3: 2, N9: 7, NTE: 2, QTY: 4, REF: 4, UIT: 3,
  W01: 17, W04: 15, W07: 11, W12: 22,
};

/** Checks every segment of a set: a well-formed tag, and no more elements than the segment has. */
export function checkSegments(set: TransactionSet, f: SetFindings): void {
  for (const s of set.body) {
    if (!/^[A-Z][A-Z0-9]{1,2}$/.test(s.tag)) {
      f.segmentError(s, SEGMENT_ERROR.unrecognised, `"${s.tag}" is not a segment identifier`);
      continue;
    }
    const max = MAX_ELEMENTS[s.tag];
    if (max !== undefined && s.elements.length > max) {
      const extra = s.elements.slice(max).join(' | ');
      f.elementError(
        s,
        { position: max + 1, code: ELEMENT_ERROR.tooManyElements, value: s.elements[max] },
        `${s.tag} has ${s.elements.length} elements, at most ${max} are defined (extra: "${extra}"); a segment terminator is probably missing inside it`,
      );
    }
  }
}

import type { ElementError, GroupAck, GroupStatus, SegmentError, SetAck, SetStatus } from './ack-model.ts';
import { SEGMENT_ERROR } from './ack-model.ts';
import { emptyOutput, type SetReader } from './set-reader.ts';
import { components, el } from './x12-model.ts';

const SET_STATUSES: readonly string[] = ['A', 'E', 'R', 'M', 'W', 'X'];

/**
 * 997 Functional Acknowledgment (received) → the partner's verdict on a group the hub sent: AK1
 * (which group), one AK2/AK5 per transaction set with its AK3/AK4 errors, and AK9 (the group's
 * status and counts). An AK202 that is not a control number (a placeholder such as "ST02") is
 * read and reported: that acknowledgment cannot be matched to a sent set.
 */
export const read997: SetReader = (ctx) => {
  const f = ctx.findings;
  const body = ctx.set.body;
  const ak1 = body.find((s) => s.tag === 'AK1');
  const ak9 = body.find((s) => s.tag === 'AK9');
  if (ak1 === undefined) f.segmentError({ tag: 'AK1', elements: [], position: 2 }, SEGMENT_ERROR.mandatoryMissing, 'AK1 (group response header) is missing');
  if (ak9 === undefined) f.segmentError({ tag: 'AK9', elements: [], position: body.length + 1 }, SEGMENT_ERROR.mandatoryMissing, 'AK9 (group response trailer) is missing');
  if (ak1 === undefined || ak9 === undefined) return emptyOutput;
  const sets: { setId: string; controlNumber: string; status: SetStatus; codes: string[]; segments: SegmentError[] }[] = [];
  let segment: { tag: string; position: number; code: string; elements: ElementError[] } | undefined;
  for (const s of body) {
    if (s.tag === 'AK2') {
      sets.push({ setId: el(s, 1), controlNumber: el(s, 2), status: 'A', codes: [], segments: [] });
      segment = undefined;
      if (!/^\d{1,9}$/.test(el(s, 2))) f.quirk(s, `AK202 "${el(s, 2)}" is not a transaction set control number: this acknowledgment cannot be matched to a set the hub sent`);
    } else if (s.tag === 'AK3' && sets.length > 0) {
      segment = { tag: el(s, 1), position: Number(el(s, 2)) || 0, code: el(s, 4), elements: [] };
      sets.at(-1)!.segments.push(segment);
    } else if (s.tag === 'AK4' && segment !== undefined) {
      const [position = '', component] = components(s, 1, ctx.delimiters);
      segment.elements.push({
        position: Number(position) || 0,
        ...(component ? { component: Number(component) } : {}),
        ...(el(s, 2) ? { reference: el(s, 2) } : {}),
        code: el(s, 3),
        ...(el(s, 4) ? { value: el(s, 4) } : {}),
      });
    } else if (s.tag === 'AK5' && sets.length > 0) {
      const set = sets.at(-1)!;
      set.status = SET_STATUSES.includes(el(s, 1)) ? (el(s, 1) as SetStatus) : 'R';
      set.codes = [2, 3, 4, 5, 6].map((n) => el(s, n)).filter((c) => c !== '');
    }
  }
  const ack: GroupAck = {
    functionalId: el(ak1, 1),
    controlNumber: el(ak1, 2),
    status: ([...SET_STATUSES, 'P'].includes(el(ak9, 1)) ? el(ak9, 1) : 'R') as GroupStatus,
    included: Number(el(ak9, 2)) || 0,
    received: Number(el(ak9, 3)) || 0,
    accepted: Number(el(ak9, 4)) || 0,
    codes: [5, 6, 7, 8, 9].map((n) => el(ak9, n)).filter((c) => c !== ''),
    sets: sets as SetAck[],
  };
  return { ...emptyOutput, acknowledgments: [ack] };
};

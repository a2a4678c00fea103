import type { GroupAck } from './ack-model.ts';
import { type X12Envelope, writeInterchange } from './write-interchange.ts';

/**
 * Writes a 997 Functional Acknowledgment interchange: one 997 transaction set per acknowledged
 * functional group (AK1 … AK9), each set listed with AK2/AK5 and, when rejected, the AK3 segment
 * and AK4 element errors that explain why (AK404 copies the bad value, its delimiters and control
 * characters replaced by `?`). Pure: the envelope (ids, control number, date) is given.
 */
export function encode997(groups: readonly GroupAck[], envelope: X12Envelope): string {
  const delimiters = [envelope.delimiters?.element ?? '*', envelope.delimiters?.component ?? '>', envelope.delimiters?.segment ?? '~'];
  const printable = (v: string): string =>
    [...v.replace(/[^\x20-\x7e]/g, '?')].map((c) => (delimiters.includes(c) ? '?' : c)).join('').slice(0, 99);
  const sets = groups.map((g, i) => {
    const segments: (readonly [string, readonly string[]])[] = [['AK1', [printable(g.functionalId), printable(g.controlNumber)]]];
    for (const s of g.sets) {
      segments.push(['AK2', [printable(s.setId), printable(s.controlNumber)]]);
      for (const seg of s.segments) {
        segments.push(['AK3', [printable(seg.tag), String(seg.position), '', seg.code]]);
        for (const e of seg.elements) {
          segments.push(['AK4', [String(e.position), e.reference ?? '', e.code, printable(e.value ?? '')]]);
        }
      }
      segments.push(['AK5', [s.status, ...s.codes.slice(0, 5)]]);
    }
    segments.push(['AK9', [g.status, String(g.included), String(g.received), String(g.accepted), ...g.codes.slice(0, 5)]]);
    return { id: '997', controlNumber: String(i + 1).padStart(4, '0'), segments };
  });
  return writeInterchange(envelope, 'FA', sets);
}

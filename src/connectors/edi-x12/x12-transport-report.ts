import type { Problem } from '../../domain/index.ts';
import type { X12Decoded } from './decode-x12.ts';

export interface X12ReportInput {
  readonly name: string;
  readonly source: string;
  readonly at: string;
  /** quarantined: nothing applied; archived: applied, except the parts listed. */
  readonly outcome: 'quarantined' | 'archived';
  readonly decoded: X12Decoded;
  /** Problems found by the transport itself (an interchange for another partner…). */
  readonly refusals: readonly Problem[];
  /** The 997 written for it (outbox file name), or why none was. */
  readonly ack: string;
}

/**
 * Pure: the text of `<name>.report.txt` beside a quarantined interchange (or an archived one
 * that was applied only in part) — the interchange, each transaction set and what became of it,
 * and every problem with where it is (group, set, segment and its position, element) and why, so
 * the person fixing it needs nothing else.
 */
export function x12Report(input: X12ReportInput): string {
  const d = input.decoded;
  const ic = d.interchange;
  const problems = [...input.refusals, ...d.problems];
  const head =
    input.outcome === 'quarantined'
      ? 'Stockmesh edi-x12: this interchange was quarantined, nothing from it was applied.'
      : 'Stockmesh edi-x12: this interchange was applied except for the parts listed below.';
  const lines = [
    head,
    '',
    `file:        ${input.name}`,
    `source:      ${input.source}`,
    `interchange: ${ic ? `ISA13 ${ic.controlNumber}, from ${ic.sender} to ${ic.receiver}` : '(no readable ISA)'}`,
    `at:          ${input.at}`,
    `997:         ${input.ack}`,
    `applied:     ${d.events.length} event(s), ${d.snapshots.length} snapshot(s), ${d.acknowledgments.length} acknowledgment(s), ${d.orders.length} shipping order(s) read`,
    '',
    `transaction sets: ${d.sets.length}`,
    ...d.sets.map((s) => `  ${s.where}: ${s.status}${s.status === 'accepted' ? ` (${s.events} event(s), ${s.snapshots} snapshot(s))` : ''}`),
    '',
    `problems: ${problems.length}`,
    ...problems.map(describe),
    ...(d.warnings.length > 0 ? ['', `read anyway (warnings): ${d.warnings.length}`, ...d.warnings.map(describe)] : []),
    '',
    'Fix the interchange and send it again: its events keep their ids (sender, ISA13, GS06, ST02,',
    'line), so what was applied before is not counted twice.',
    '',
  ];
  return lines.join('\n');
}

function describe(p: Problem): string {
  return `  ${p.where ?? '(interchange)'}: ${p.code}: ${p.message}`;
}

/** One line for the rejection log: the first problems with where they are. */
export function x12Summary(problems: readonly Problem[], max = 20): string {
  const shown = problems.slice(0, max).map((p) => `${p.where ?? '(interchange)'}: ${p.message}`);
  const more = problems.length > max ? [`… and ${problems.length - max} more`] : [];
  return [...shown, ...more].join('; ');
}

import { DAY_MS, ratio, round4 } from './kpi-math.ts';
import type { KpiFacts, KpiValue } from './kpi-types.ts';

/** On-hand units at the end and at the start of the range (the end minus the range's net movements). */
export function onHandEnds(f: KpiFacts): { start: number; end: number } {
  const end = f.onHandAtTo.reduce((s, p) => s + p.qty, 0);
  const net = f.flows.reduce((s, m) => s + m.qty, 0);
  return { start: end - net, end };
}

const outboundUnits = (f: KpiFacts): number => f.flows.reduce((s, m) => s + (m.outbound ? -m.qty : 0), 0);

/** Outbound units ÷ average on-hand ((start + end) ÷ 2), for the range (not annualised). */
export function inventoryTurnover(f: KpiFacts): KpiValue {
  const { start, end } = onHandEnds(f);
  const out = outboundUnits(f);
  const avg = (start + end) / 2;
  return { value: avg <= 0 ? null : ratio(out, avg), unit: 'turns', inputs: { outboundUnits: out, onHandStart: start, onHandEnd: end, avgOnHand: round4(avg) } };
}

/** On-hand at the end ÷ outbound units per day of the range; null when nothing went out. */
export function daysOfCover(f: KpiFacts): KpiValue {
  const { end } = onHandEnds(f);
  const out = outboundUnits(f);
  const days = (f.to - f.from) / DAY_MS;
  const perDay = days > 0 ? out / days : 0;
  return { value: perDay > 0 ? round4(end / perDay) : null, unit: 'days', inputs: { onHandEnd: end, outboundUnits: out, days: round4(days) } };
}

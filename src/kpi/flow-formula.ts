import { HOUR_MS, ratio, round4 } from './kpi-math.ts';
import type { KpiFacts, KpiValue } from './kpi-types.ts';

/** Length of a picking shift: the UTC day is cut into three (00–08, 08–16, 16–24). */
export const SHIFT_MS = 8 * HOUR_MS;
/** A shift with picks counts at least this long (one picker's quarter hour), so one pick is not infinitely efficient. */
export const MIN_SHIFT_HOURS = 0.25;

/**
 * Pick lines per labour hour. WMS pick events carry no labour hours, so the hours are derived
 * from the events: per warehouse and 8-hour UTC shift, the time from its first to its last pick
 * (at least 0.25 h). One pick event is one line.
 */
export function pickingEfficiency(f: KpiFacts): KpiValue {
  const shifts = new Map<string, { first: number; last: number }>();
  let lines = 0;
  for (const p of f.picks) {
    lines += p.lines;
    // A group of picks lies within one UTC hour, so within one shift.
    const key = `${p.warehouse}\u0000${Math.floor(p.at / SHIFT_MS)}`;
    const s = shifts.get(key);
    if (!s) shifts.set(key, { first: p.at, last: p.last });
    else {
      s.first = Math.min(s.first, p.at);
      s.last = Math.max(s.last, p.last);
    }
  }
  let hours = 0;
  for (const s of shifts.values()) hours += Math.max(MIN_SHIFT_HOURS, (s.last - s.first) / HOUR_MS);
  return { value: ratio(lines, hours), unit: 'lines/hour', inputs: { lines, labourHours: round4(hours), shifts: shifts.size } };
}

/** Outbound units to another warehouse ÷ all outbound units. */
export function transferRate(f: KpiFacts): KpiValue {
  let out = 0;
  let transfer = 0;
  for (const m of f.flows) {
    if (!m.outbound) continue;
    out += -m.qty;
    if (m.transfer) transfer += -m.qty;
  }
  return { value: ratio(transfer, out), unit: 'ratio', inputs: { outboundUnits: out, transferUnits: transfer } };
}

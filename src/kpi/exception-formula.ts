import { HOUR_MS, median, percentile } from './kpi-math.ts';
import type { KpiFacts, KpiValue } from './kpi-types.ts';

/** Median and p90 (nearest rank) of resolved − detected in hours, exceptions resolved in the range. */
export function exceptionHandlingTime(f: KpiFacts): KpiValue {
  const hours = f.exceptions.filter((e) => e.resolvedAt >= f.from && e.resolvedAt < f.to).map((e) => (e.resolvedAt - e.detectedAt) / HOUR_MS);
  return { value: median(hours), p90: percentile(hours, 90), unit: 'hours', inputs: { resolved: hours.length } };
}

import { KPI_KEYS } from './kpi-types.ts';
import type { KpiBreakdown, KpiSummary } from './kpi-report.ts';

/** One CSV field: quoted when it holds a comma, quote or line break (RFC 4180). */
export function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

const line = (fields: readonly (string | number | null | undefined)[]): string => fields.map(csvField).join(',');

/** The summary as CSV: one row per scope (network, then each warehouse), one column per KPI. */
export function summaryCsv(s: KpiSummary): string {
  const header = ['scope', 'name', 'region', ...KPI_KEYS, 'exception-handling-time-p90'];
  const rows = [
    line(['network', '', '', ...KPI_KEYS.map((k) => s.network.kpis[k].value), s.network.kpis['exception-handling-time'].p90]),
    ...s.warehouses.map((w) => line([w.warehouse, w.name, w.region, ...KPI_KEYS.map((k) => w.kpis[k].value), w.kpis['exception-handling-time'].p90])),
  ];
  return [line(header), ...rows].join('\r\n') + '\r\n';
}

/**
 * One KPI's breakdown as CSV: `group,label,value,unit` and one column per input (plus `p90`), the
 * network first; for the banded KPIs one row per group × band instead.
 */
export function breakdownCsv(b: KpiBreakdown): string {
  const all = [{ group: 'network', label: 'network', value: b.network }, ...b.rows];
  if (b.kpi === 'aged-stock' || b.kpi === 'expiring-stock') {
    const out = [line(['group', 'label', 'band', 'fromDays', 'toDays', 'units', 'lots'])];
    for (const r of all) for (const band of r.value.bands ?? []) out.push(line([r.group, r.label, band.band, band.fromDays, band.toDays, band.units, band.lots]));
    return out.join('\r\n') + '\r\n';
  }
  const inputs = [...new Set(all.flatMap((r) => Object.keys(r.value.inputs)))];
  const p90 = b.kpi === 'exception-handling-time';
  const out = [line(['group', 'label', 'value', 'unit', ...inputs, ...(p90 ? ['p90'] : [])])];
  for (const r of all) out.push(line([r.group, r.label, r.value.value, r.value.unit, ...inputs.map((k) => r.value.inputs[k]), ...(p90 ? [r.value.p90] : [])]));
  return out.join('\r\n') + '\r\n';
}

import { useQuery } from '@tanstack/react-query';
import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import { api } from '../api/client.ts';
import { useSkus, useWarehouses } from '../api/queries.ts';
import { Chart, themeColours } from '../components/chart.tsx';
import { FilterSelect } from '../components/filter-select.tsx';
import { Panel, QueryState, Tile } from '../components/ui.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { type I18n, useI18n } from '../i18n/i18n.tsx';
import { href, Link, navigate, useLocation } from '../router.tsx';

export const KPI_KEYS = [
  'inventory-turnover', 'days-of-cover', 'order-accuracy', 'picking-efficiency', 'fill-rate', 'on-time-ship-rate',
  'avg-time-to-ship', 'split-shipment-rate', 'transfer-rate', 'exception-handling-time', 'aged-stock', 'expiring-stock',
] as const;
export type KpiKey = (typeof KPI_KEYS)[number];

interface Band {
  readonly band: string;
  readonly fromDays: number | null;
  readonly toDays: number | null;
  readonly units: number;
  readonly lots: number;
}
export interface KpiValue {
  readonly value: number | null;
  readonly unit: string;
  readonly inputs: Readonly<Record<string, number>>;
  readonly p90?: number | null;
  readonly bands?: readonly Band[];
}
interface Board {
  readonly range: { readonly from: string; readonly to: string };
  readonly generatedAt: string;
  readonly network: { readonly kpis: Readonly<Record<KpiKey, KpiValue>> };
  readonly warehouses: readonly { readonly warehouse: string; readonly name: string; readonly region: string; readonly kpis: Readonly<Record<KpiKey, KpiValue>> }[];
}
interface Series {
  readonly rows: readonly { readonly group: string; readonly label: string; readonly value: KpiValue }[];
}

const RANGES = [7, 30, 90] as const;
/** Lower is better for these: their bars are not "good" when tall. */
const LOWER_IS_BETTER = new Set<KpiKey>(['avg-time-to-ship', 'split-shipment-rate', 'exception-handling-time', 'aged-stock', 'expiring-stock']);

/** An axis tick in the KPI's unit (ratios as percentages). */
function axisValue(i: I18n, unit: string | undefined, v: number): string {
  return unit === 'ratio' ? i.pct(v, 0) : i.num(v);
}

/** A KPI value in its unit, in the reader's language. */
export function formatKpi(i: I18n, v: KpiValue | undefined): string {
  if (!v || v.value === null) return '—';
  switch (v.unit) {
    case 'ratio':
      return i.pct(v.value);
    case 'hours':
      return i.duration(v.value * 3_600_000);
    case 'days':
      return i.t('unit.daysShort', { n: v.value >= 1000 ? i.compact(v.value) : i.num(v.value, 1) });
    case 'turns':
      return i.num(v.value, 2);
    case 'lines/hour':
      return i.num(v.value, 1);
    default:
      return i.num(v.value);
  }
}

function rangeOf(days: number, now: number): { from: string; to: string } {
  // whole minutes, so the query key is stable between renders
  const to = new Date(Math.ceil(now / 60_000) * 60_000);
  return { from: new Date(to.getTime() - days * 86_400_000).toISOString(), to: to.toISOString() };
}

/** KPI boards: the network, then one warehouse (drill-down), over a time range, with CSV export. */
export function KpisPage() {
  const i = useI18n();
  const { t, tv } = i;
  const { query } = useLocation();
  const warehouse = query.get('warehouse') ?? '';
  const category = query.get('category') ?? '';
  const region = query.get('region') ?? '';
  const days = Number(query.get('days') ?? 30) || 30;
  const kpi = (KPI_KEYS as readonly string[]).includes(query.get('kpi') ?? '') ? (query.get('kpi') as KpiKey) : 'fill-rate';
  const go = (patch: Record<string, string | number | undefined>): void => navigate(href('/kpis', { warehouse, region, category, days, kpi, ...patch }), true);
  const now = useMemo(() => Date.now(), [days, warehouse, category, region]);
  const range = rangeOf(days, now);
  const filters = { from: range.from, to: range.to, warehouse, region, category };
  const board = useQuery({ queryKey: ['kpis', 'board', filters], queryFn: () => api.get<Board>(href('/api/kpis', filters)) });
  const networkBoard = useQuery({
    queryKey: ['kpis', 'board', { ...filters, warehouse: '' }],
    queryFn: () => api.get<Board>(href('/api/kpis', { ...filters, warehouse: '' })),
    enabled: warehouse !== '',
  });
  const isBand = kpi === 'aged-stock' || kpi === 'expiring-stock';
  const series = useQuery({
    queryKey: ['kpis', 'series', kpi, filters],
    queryFn: () => api.get<Series>(href(`/api/kpis/${kpi}`, { ...filters, groupBy: 'day' })),
    enabled: warehouse !== '' && !isBand,
  });
  const c = themeColours();
  const skus = useSkus();
  const warehouses = useWarehouses();
  const regions = [...new Set((warehouses.data ?? []).map((w) => w.region))].sort();
  const categories = [...new Set((skus.data ?? []).map((s) => s.category))].sort();

  return (
    <>
      <div className="toolbar">
        <span className="crumbs" data-testid="kpi-crumbs">
          {warehouse ? (
            <>
              <a className="crumb-link" onClick={() => go({ warehouse: undefined })} data-testid="kpi-crumb-network">
                {t('kpis.network')}
              </a>{' '}
              › <strong>{warehouse}</strong>
            </>
          ) : (
            <strong>{t('kpis.network')}</strong>
          )}
        </span>
        <span className="grow" />
        <div className="seg" role="group" aria-label={t('kpis.range')}>
          {RANGES.map((d) => (
            <button key={d} type="button" aria-pressed={days === d} onClick={() => go({ days: d })}>
              {t('kpis.lastDays', { n: d })}
            </button>
          ))}
        </div>
        <FilterSelect value={region} onChange={(v) => go({ region: v })} label={t('col.region')} all={t('kpis.allRegions')} options={['', ...regions]} optionLabel={(x) => tv('region', x)} />
        <FilterSelect value={category} onChange={(v) => go({ category: v })} label={t('col.category')} all={t('kpis.allCategories')} options={['', ...categories]} optionLabel={(x) => tv('category', x)} />
        <a className="btn small" href={href('/api/kpis', { ...filters, format: 'csv' })} download>
          {t('kpis.csv')}
        </a>
      </div>
      <QueryState q={board}>
        {(b) => {
          const k = b.network.kpis;
          const sel = k[kpi];
          const rows = (warehouse ? networkBoard.data?.warehouses : b.warehouses) ?? [];
          const barOption: EChartsCoreOption = {
            grid: { left: 56, right: 16, top: 16, bottom: 32 },
            tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => formatKpi(i, { ...sel, value: typeof v === 'number' ? v : null }) },
            xAxis: { type: 'category', data: rows.map((r) => r.warehouse), axisLabel: { color: c.muted, interval: 0, fontSize: 11 }, axisLine: { lineStyle: { color: c.line } } },
            yAxis: { type: 'value', axisLabel: { color: c.muted, formatter: (v: number) => axisValue(i, sel?.unit, v) }, splitLine: { lineStyle: { color: c.line } } },
            series: [
              {
                type: 'bar',
                barMaxWidth: 42,
                data: rows.map((r) => ({
                  value: r.kpis[kpi]?.value ?? null,
                  itemStyle: { color: r.warehouse === warehouse ? c.accent : LOWER_IS_BETTER.has(kpi) ? c.info : c.accent, opacity: !warehouse || r.warehouse === warehouse ? 1 : 0.35, borderRadius: [4, 4, 0, 0] },
                })),
              },
            ],
          };
          const bands = sel?.bands ?? k['aged-stock'].bands ?? [];
          const bandKpi: KpiKey = isBand ? kpi : 'aged-stock';
          const bandOption: EChartsCoreOption = {
            grid: { left: 56, right: 16, top: 16, bottom: 32 },
            tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
            xAxis: { type: 'category', data: (isBand ? bands : (k['aged-stock'].bands ?? [])).map((x) => t('kpis.band', { band: x.band })), axisLabel: { color: c.muted } },
            yAxis: { type: 'value', axisLabel: { color: c.muted }, splitLine: { lineStyle: { color: c.line } } },
            series: [{ type: 'bar', barMaxWidth: 48, data: (isBand ? bands : (k['aged-stock'].bands ?? [])).map((x) => x.units), itemStyle: { color: c.warn, borderRadius: [4, 4, 0, 0] } }],
          };
          const expiring = k['expiring-stock'].bands ?? [];
          const expOption: EChartsCoreOption = {
            grid: { left: 56, right: 16, top: 16, bottom: 32 },
            tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
            xAxis: { type: 'category', data: expiring.map((x) => t('kpis.band', { band: x.band })), axisLabel: { color: c.muted } },
            yAxis: { type: 'value', axisLabel: { color: c.muted }, splitLine: { lineStyle: { color: c.line } } },
            series: [{ type: 'bar', barMaxWidth: 48, data: expiring.map((x) => x.units), itemStyle: { color: c.bad, borderRadius: [4, 4, 0, 0] } }],
          };
          const seriesOption: EChartsCoreOption | null = series.data
            ? {
                grid: { left: 56, right: 16, top: 16, bottom: 32 },
                tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => formatKpi(i, { ...sel, value: typeof v === 'number' ? v : null }) },
                xAxis: { type: 'category', data: series.data.rows.map((r) => r.label.slice(5)), axisLabel: { color: c.muted } },
                yAxis: { type: 'value', axisLabel: { color: c.muted, formatter: (v: number) => axisValue(i, sel?.unit, v) }, splitLine: { lineStyle: { color: c.line } } },
                series: [{ type: 'line', smooth: true, showSymbol: true, symbolSize: 6, areaStyle: { opacity: 0.12 }, lineStyle: { width: 2 }, color: c.accent, connectNulls: false, data: series.data.rows.map((r) => r.value.value) }],
              }
            : null;
          return (
            <>
              <div className="tiles" data-testid="kpi-tiles">
                {KPI_KEYS.map((key) => (
                  <Tile
                    key={key}
                    label={t(`kpi.${key}` as MessageKey)}
                    value={formatKpi(i, k[key])}
                    sub={
                      key === 'exception-handling-time'
                        ? t('kpis.p90', { v: formatKpi(i, { ...k[key], value: k[key].p90 ?? null }), n: i.num(k[key].inputs.resolved ?? 0) })
                        : t(`kpiHint.${key}` as MessageKey)
                    }
                    onClick={() => go({ kpi: key })}
                    selected={key === kpi}
                    testId={`kpi-${key}`}
                  />
                ))}
              </div>
              <div className="grid cols-2">
                <Panel title={t('kpis.byWarehouse', { kpi: t(`kpi.${kpi}` as MessageKey) })} aside={t('kpis.clickToDrill')}>
                  <Chart option={barOption} onClick={(name) => go({ warehouse: name })} testId="kpi-bar-chart" />
                </Panel>
                {warehouse && !isBand ? (
                  <Panel title={t('kpis.overTime', { kpi: t(`kpi.${kpi}` as MessageKey), wh: warehouse })}>
                    {seriesOption ? <Chart option={seriesOption} /> : <div className="empty">{t('common.loading')}</div>}
                  </Panel>
                ) : (
                  <Panel title={t(`kpi.${bandKpi}` as MessageKey)} aside={t('kpis.bandsUnits')}>
                    <Chart option={bandOption} />
                  </Panel>
                )}
              </div>
              <div className="grid cols-2">
                <Panel title={t('kpi.expiring-stock')} aside={t('kpis.bandsUnits')}>
                  <Chart option={expOption} />
                </Panel>
                <Panel title={t('kpis.table')} flush>
                  <table className="data" data-testid="kpi-table">
                    <thead>
                      <tr>
                        <th>{t('col.warehouse')}</th>
                        <th>{t('col.region')}</th>
                        <th className="num">{t(`kpi.${kpi}` as MessageKey)}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {rows.map((r) => (
                        <tr key={r.warehouse} className={r.warehouse === warehouse ? 'click selected' : 'click'} onClick={() => go({ warehouse: r.warehouse })} data-testid={`kpi-row-${r.warehouse}`}>
                          <td>
                            <strong>{r.warehouse}</strong> <span className="muted">{r.name}</span>
                          </td>
                          <td>{tv('region', r.region)}</td>
                          <td className="num">{formatKpi(i, r.kpis[kpi])}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </Panel>
              </div>
              <Panel title={t('kpis.inputs', { kpi: t(`kpi.${kpi}` as MessageKey) })}>
                <dl className="kv mono">
                  {Object.entries(sel?.inputs ?? {}).map(([name, v]) => (
                    <InputRow key={name} name={name} v={v} />
                  ))}
                </dl>
                <p className="faint" style={{ marginBottom: 0 }}>
                  {t('kpis.generated', { at: i.dateTime(b.generatedAt), from: i.date(b.range.from), to: i.date(b.range.to) })}{' '}
                  {warehouse && <Link to={href('/inventory', { warehouse })}>{t('network.openInventory')}</Link>}
                </p>
              </Panel>
            </>
          );
        }}
      </QueryState>
    </>
  );
}

function InputRow({ name, v }: { name: string; v: number }) {
  const { num } = useI18n();
  return (
    <>
      <dt>{name}</dt>
      <dd>{num(v)}</dd>
    </>
  );
}

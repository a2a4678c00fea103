import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { api, getAll } from '../api/client.ts';
import { useAllPositions, useSkus, useWarehouses } from '../api/queries.ts';
import type { Atp, Position, Sku } from '../api/types.ts';
import { type Column, DataTable } from '../components/data-table.tsx';
import { Panel, QueryState, Tile } from '../components/ui.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { href, navigate, useLocation } from '../router.tsx';

const STATUSES = ['available', 'allocated', 'picking', 'quarantine', 'damaged', 'in_transit'] as const;

/** SKU → warehouses → lots, with ATP: pick a SKU on the left, see where it is and in which state. */
export function InventoryPage() {
  const { t, num } = useI18n();
  const { query } = useLocation();
  const sku = query.get('sku');
  const warehouse = query.get('warehouse') ?? undefined;
  const positions = useAllPositions(warehouse);
  const skus = useSkus();
  const warehouses = useWarehouses();
  const [filter, setFilter] = useState('');
  const names = useMemo(() => new Map((skus.data ?? []).map((s) => [s.id, s])), [skus.data]);
  const totals = useMemo(() => {
    const m = new Map<string, number>();
    for (const p of positions.data ?? []) if (p.status !== 'in_transit') m.set(p.sku, (m.get(p.sku) ?? 0) + p.qty);
    return [...m.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  }, [positions.data]);
  const f = filter.trim().toLowerCase();
  const shown = totals.filter(([id]) => !f || id.toLowerCase().includes(f) || (names.get(id)?.name.toLowerCase().includes(f) ?? false));
  const max = Math.max(1, ...totals.map(([, n]) => n));
  return (
    <div className="grid" style={{ gridTemplateColumns: 'minmax(280px, 360px) minmax(0, 1fr)' }}>
      <Panel title={t('inventory.skus')} flush aside={t('inventory.skuCount', { n: totals.length })}>
        <div className="toolbar" style={{ padding: '0 18px 10px' }}>
          <input type="search" className="grow" placeholder={t('inventory.search')} value={filter} onChange={(e) => setFilter(e.target.value)} data-testid="sku-search" />
          <select value={warehouse ?? ''} onChange={(e) => navigate(href('/inventory', { sku, warehouse: e.target.value }), true)} aria-label={t('col.warehouse')}>
            <option value="">{t('inventory.allWarehouses')}</option>
            {(warehouses.data ?? []).map((w) => (
              <option key={w.id} value={w.id}>
                {w.id}
              </option>
            ))}
          </select>
        </div>
        <QueryState q={positions}>
          {() => (
            <table className="data">
              <tbody>
                {shown.map(([id, n]) => (
                  <tr key={id} className={id === sku ? 'click selected' : 'click'} onClick={() => navigate(href('/inventory', { sku: id, warehouse }), true)} data-testid={`sku-row-${id}`}>
                    <td>
                      <div className="mono">{id}</div>
                      <div className="muted" style={{ fontSize: 12.5 }}>
                        {names.get(id)?.name ?? ''}
                      </div>
                      <div className="bar" style={{ marginTop: 6 }}>
                        <span style={{ width: `${(100 * n) / max}%` }} />
                      </div>
                    </td>
                    <td className="num">{num(n)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </QueryState>
      </Panel>
      {sku ? <SkuDetail sku={sku} info={names.get(sku)} warehouse={warehouse} /> : <div className="notice">{t('inventory.pick')}</div>}
    </div>
  );
}

function SkuDetail({ sku, info, warehouse }: { sku: string; info: Sku | undefined; warehouse: string | undefined }) {
  const { t, num, tv, date } = useI18n();
  const atp = useQuery({
    queryKey: ['atp', sku],
    queryFn: async () => (await api.get<{ items: Atp[] }>(`/api/inventory/atp?sku=${encodeURIComponent(sku)}`)).items[0] ?? null,
  });
  const positions = useQuery({
    queryKey: ['inventory', sku, warehouse ?? null],
    queryFn: () => getAll<Position>(`/api/inventory?sku=${encodeURIComponent(sku)}${warehouse ? `&warehouse=${encodeURIComponent(warehouse)}` : ''}`),
  });
  const [open, setOpen] = useState<string | null>(null);
  const byWarehouse = useMemo(() => {
    const m = new Map<string, Position[]>();
    for (const p of positions.data ?? []) m.set(p.warehouse, [...(m.get(p.warehouse) ?? []), p]);
    return [...m.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  }, [positions.data]);
  const a = atp.data;
  const lotColumns: Column<Position>[] = [
    { head: t('col.lot'), className: 'mono', cell: (p) => p.lot || t('inventory.noLot') },
    { head: t('col.expiry'), cell: (p) => date(p.expiry) },
    { head: t('col.status'), cell: (p) => tv('status', p.status) },
    { head: t('col.qty'), num: true, cell: (p) => num(p.qty) },
    { head: t('col.held'), num: true, cell: (p) => num(p.held) },
  ];
  return (
    <div className="grid" style={{ alignContent: 'start' }}>
      <div className="tiles">
        <Tile small label={t('inventory.sku')} value={sku} sub={info ? `${info.name} · ${tv('category', info.category)} · ${info.baseUnit}` : undefined} />
        <Tile label={t('col.available')} value={num(a?.available)} />
        <Tile label={t('col.held')} value={num(a?.held)} />
        <Tile label={t('col.atp')} value={num(a?.atp)} testId="sku-atp" />
      </div>
      <Panel title={t('inventory.byWarehouse')} flush>
        <QueryState q={positions} empty={(d) => d.length === 0}>
          {() => (
            <table className="data compact" data-testid="sku-warehouses">
              <thead>
                <tr>
                  <th>{t('col.warehouse')}</th>
                  {STATUSES.map((s) => (
                    <th key={s} className="num">
                      {tv('status', s)}
                    </th>
                  ))}
                  <th className="num">{t('col.held')}</th>
                  <th className="num">{t('col.atp')}</th>
                  <th className="num">{t('col.lots')}</th>
                </tr>
              </thead>
              <tbody>
                {byWarehouse.map(([w, ps]) => {
                  const sum = (s: string): number => ps.reduce((n, p) => n + (p.status === s ? p.qty : 0), 0);
                  const held = ps.reduce((n, p) => n + p.held, 0);
                  const lots = [...new Set(ps.map((p) => p.lot))];
                  return [
                    <tr key={w} className="click" onClick={() => setOpen(open === w ? null : w)}>
                      <td>
                        <strong>{w}</strong> <span className="faint">{open === w ? '▾' : '▸'}</span>
                      </td>
                      {STATUSES.map((s) => (
                        <td key={s} className="num">
                          {sum(s) ? num(sum(s)) : <span className="faint">·</span>}
                        </td>
                      ))}
                      <td className="num">{num(held)}</td>
                      <td className="num" data-testid={`atp-${w}`}>
                        <strong>{num(sum('available') - held)}</strong>
                      </td>
                      <td className="num">{lots.filter((l) => l !== '').length || '—'}</td>
                    </tr>,
                    open === w && (
                      <tr key={`${w}-lots`}>
                        <td colSpan={STATUSES.length + 4} style={{ background: 'var(--panel-2)', padding: 0 }}>
                          <DataTable rows={ps} columns={lotColumns} rowKey={(p) => `${p.lot}|${p.status}`} />
                        </td>
                      </tr>
                    ),
                  ];
                })}
              </tbody>
            </table>
          )}
        </QueryState>
      </Panel>
    </div>
  );
}

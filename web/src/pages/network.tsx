import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { api, type Page } from '../api/client.ts';
import { atpOf, type ExceptionView, onHand, useActiveExceptions, useAllPositions, useConnectors, useWarehouses } from '../api/queries.ts';
import type { ConnectorStatus, Order, Position, Warehouse } from '../api/types.ts';
import { useSession } from '../auth/session.tsx';
import { type Flow, type Health, type MapNode, NetworkMap } from '../components/network-map.tsx';
import { Panel, Pill, QueryState, Tile, type Tone } from '../components/ui.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { href, Link, navigate, useLocation } from '../router.tsx';

const SEVERITY_RANK = { low: 0, medium: 1, high: 2, critical: 3 } as const;

/** Health of a warehouse: its connectors' state and its unresolved exceptions. */
export function healthOf(connectors: readonly ConnectorStatus[], exceptions: readonly ExceptionView[]): Health {
  if (connectors.length === 0 && exceptions.length === 0) return 'unknown';
  if (connectors.some((c) => c.state === 'failed' || c.state === 'stopped') || exceptions.some((e) => e.severity === 'critical')) return 'bad';
  if (connectors.some((c) => c.state === 'backing-off' || c.state === 'starting') || exceptions.some((e) => SEVERITY_RANK[e.severity] >= 2)) return 'warn';
  return 'ok';
}

export const connectorTone = (s: string): Tone => (s === 'running' ? 'ok' : s === 'backing-off' || s === 'starting' ? 'warn' : s === 'failed' || s === 'stopped' ? 'bad' : undefined);
const HEALTH_TONE: Record<Health, Tone> = { ok: 'ok', warn: 'warn', bad: 'bad', unknown: undefined };

/** Flows: recent orders' shipments (warehouse → destination) and stock in transit between sites. */
function useFlows(warehouses: readonly Warehouse[]): Flow[] {
  const { can } = useSession();
  const orders = useQuery({
    queryKey: ['orders', 'flows'],
    queryFn: async () => (await api.get<Page<Order>>('/api/orders?limit=200')).items,
    enabled: can('orders:read'),
  });
  const transfers = useQuery({
    queryKey: ['flows', 'transfers'],
    queryFn: async () => (await api.get<{ items: { from: string; to: string; units: number }[] }>('/api/live/flows?days=7&limit=1000')).items,
    staleTime: 60_000,
  });
  return useMemo(() => {
    const regionCentre = new Map<string, { lat: number; lon: number }>();
    for (const r of new Set(warehouses.map((w) => w.region))) {
      const ws = warehouses.filter((w) => w.region === r);
      regionCentre.set(r, { lat: ws.reduce((s, w) => s + w.lat, 0) / ws.length, lon: ws.reduce((s, w) => s + w.lon, 0) / ws.length });
    }
    const agg = new Map<string, Flow>();
    for (const o of orders.data ?? []) {
      if (o.state === 'cancelled') continue;
      const d = o.order.destination;
      const to = d.lat !== undefined && d.lon !== undefined ? { lat: d.lat, lon: d.lon } : d.region ? regionCentre.get(d.region) : undefined;
      if (!to) continue;
      for (const l of o.allocation) {
        const toRounded = { lat: Math.round(to.lat * 2) / 2, lon: Math.round(to.lon * 2) / 2 };
        const key = `${l.warehouse}>${toRounded.lat},${toRounded.lon}`;
        const prev = agg.get(key);
        agg.set(key, { kind: 'shipment', from: l.warehouse, to: toRounded, units: (prev?.units ?? 0) + l.qty });
      }
    }
    const moved: Flow[] = (transfers.data ?? []).map((f) => ({ kind: 'transfer', from: f.from, to: f.to, units: f.units }));
    return [...agg.values(), ...moved];
  }, [orders.data, transfers.data, warehouses]);
}

interface Row {
  readonly warehouse: Warehouse;
  readonly positions: readonly Position[];
  readonly connectors: readonly ConnectorStatus[];
  readonly exceptions: readonly ExceptionView[];
  readonly health: Health;
}

export function NetworkPage() {
  const { t, num, tv } = useI18n();
  const { can, me } = useSession();
  const { query } = useLocation();
  const selected = query.get('warehouse');
  const warehouses = useWarehouses();
  const positions = useAllPositions();
  const connectors = useConnectors();
  const exceptions = useActiveExceptions();
  const flows = useFlows(warehouses.data ?? []);
  const [sort, setSort] = useState<'id' | 'stock'>('id');

  const rows = useMemo<Row[]>(() => {
    const ps = positions.data ?? [];
    const scope = me?.user.warehouses ?? null;
    return (warehouses.data ?? [])
      .filter((w) => scope === null || scope.includes(w.id))
      .map((w) => {
        const cs = (connectors.data ?? []).filter((c) => c.warehouses.includes(w.id) && c.state !== 'none');
        const ex = (exceptions.data ?? []).filter((e) => e.warehouse === w.id);
        return { warehouse: w, positions: ps.filter((p) => p.warehouse === w.id), connectors: cs, exceptions: ex, health: healthOf(cs, ex) };
      });
  }, [warehouses.data, positions.data, connectors.data, exceptions.data, me]);

  const all = positions.data ?? [];
  const totalOnHand = onHand(all);
  const totalAtp = atpOf(all);
  const inTransit = all.reduce((s, p) => s + (p.status === 'in_transit' ? p.qty : 0), 0);
  const blocked = all.reduce((s, p) => s + (p.status === 'quarantine' || p.status === 'damaged' ? p.qty : 0), 0);
  const running = (connectors.data ?? []).filter((c) => c.state === 'running').length;
  const withConnector = (connectors.data ?? []).filter((c) => c.state !== 'none').length;
  const activeEx = exceptions.data?.length ?? 0;
  const critical = (exceptions.data ?? []).filter((e) => e.severity === 'critical' || e.severity === 'high').length;
  const nodes: MapNode[] = rows.map((r) => ({ warehouse: r.warehouse, onHand: onHand(r.positions), health: r.health, openExceptions: r.exceptions.length }));
  const sel = rows.find((r) => r.warehouse.id === selected) ?? null;
  const sorted = [...rows].sort((a, b) => (sort === 'id' ? a.warehouse.id.localeCompare(b.warehouse.id) : onHand(b.positions) - onHand(a.positions)));
  const select = (id: string): void => navigate(href('/', { warehouse: id === selected ? undefined : id }), true);

  return (
    <>
      <div className="tiles">
        <Tile label={t('network.onHand')} value={num(totalOnHand)} unit={t('unit.units')} sub={t('network.warehousesCount', { n: rows.length })} testId="total-on-hand" />
        <Tile label={t('network.atp')} value={num(totalAtp)} unit={t('unit.units')} sub={t('network.atpSub')} testId="total-atp" />
        <Tile label={t('network.inTransit')} value={num(inTransit)} unit={t('unit.units')} sub={t('network.blocked', { n: num(blocked) })} />
        {can('connectors:read') && (
          <Tile label={t('network.connectors')} value={`${running}/${withConnector}`} sub={t('network.connectorsSub')} tone={running < withConnector ? 'warn' : undefined} />
        )}
        {can('exceptions:read') && (
          <Tile label={t('network.openExceptions')} value={num(activeEx)} sub={t('network.highOrCritical', { n: critical })} tone={critical > 0 ? 'bad' : activeEx > 0 ? 'warn' : undefined} onClick={() => navigate('/exceptions')} />
        )}
      </div>
      <div className="grid main-side">
        <Panel
          title={t('network.map')}
          aside={
            <span className="toolbar">
              <Pill tone="ok">{t('health.ok')}</Pill>
              <Pill tone="warn">{t('health.warn')}</Pill>
              <Pill tone="bad">{t('health.bad')}</Pill>
              <span className="tag">{t('network.legendFlows')}</span>
            </span>
          }
        >
          <QueryState q={warehouses} empty={(d) => d.length === 0}>
            {() => <NetworkMap nodes={nodes} flows={flows} selected={selected} onSelect={select} />}
          </QueryState>
        </Panel>
        {sel ? <WarehouseCard row={sel} /> : <TopExceptions exceptions={exceptions.data ?? []} />}
      </div>
      <Panel
        title={t('network.warehouses')}
        flush
        aside={
          <div className="seg">
            <button type="button" aria-pressed={sort === 'id'} onClick={() => setSort('id')}>
              {t('network.sortId')}
            </button>
            <button type="button" aria-pressed={sort === 'stock'} onClick={() => setSort('stock')}>
              {t('network.sortStock')}
            </button>
          </div>
        }
      >
        <table className="data" data-testid="warehouse-table">
          <thead>
            <tr>
              <th>{t('col.warehouse')}</th>
              <th>{t('col.kind')}</th>
              <th>{t('col.region')}</th>
              <th className="num">{t('col.onHand')}</th>
              <th className="num">{t('col.atp')}</th>
              <th className="num">{t('col.held')}</th>
              <th className="num">{t('col.blocked')}</th>
              <th>{t('col.connector')}</th>
              <th className="num">{t('col.openExceptions')}</th>
              <th>{t('col.health')}</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((r) => (
              <tr key={r.warehouse.id} className={r.warehouse.id === selected ? 'click selected' : 'click'} onClick={() => select(r.warehouse.id)} data-testid={`warehouse-row-${r.warehouse.id}`}>
                <td>
                  <strong>{r.warehouse.id}</strong>
                  <div className="muted">{r.warehouse.name}</div>
                </td>
                <td>{tv('kind', r.warehouse.kind)}</td>
                <td>{tv('region', r.warehouse.region)}</td>
                <td className="num" data-testid={`stock-${r.warehouse.id}`}>
                  {num(onHand(r.positions))}
                </td>
                <td className="num">{num(atpOf(r.positions))}</td>
                <td className="num">{num(r.positions.reduce((s, p) => s + p.held, 0))}</td>
                <td className="num">{num(r.positions.reduce((s, p) => s + (p.status === 'quarantine' || p.status === 'damaged' ? p.qty : 0), 0))}</td>
                <td>
                  {r.connectors.length === 0 ? (
                    <span className="faint">—</span>
                  ) : (
                    r.connectors.map((c) => (
                      <Pill key={c.source} tone={connectorTone(c.state)}>
                        {tv('connector', c.state)}
                      </Pill>
                    ))
                  )}
                </td>
                <td className="num">{r.exceptions.length > 0 ? num(r.exceptions.length) : <span className="faint">0</span>}</td>
                <td>
                  <Pill tone={HEALTH_TONE[r.health]}>{t(`health.${r.health}`)}</Pill>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Panel>
    </>
  );
}

function WarehouseCard({ row }: { row: Row }) {
  const { t, num, tv, ago, excText } = useI18n();
  const { can } = useSession();
  const w = row.warehouse;
  const by = (s: string): number => row.positions.reduce((n, p) => n + (p.status === s ? p.qty : 0), 0);
  return (
    <Panel title={`${w.id} · ${w.name}`} aside={<Pill tone={HEALTH_TONE[row.health]}>{t(`health.${row.health}`)}</Pill>} id="warehouse-card">
      <div className="grid" style={{ gap: 16 }}>
        <div className="tiles" style={{ gridTemplateColumns: 'repeat(2, 1fr)' }}>
          <Tile label={t('col.onHand')} value={num(onHand(row.positions))} />
          <Tile label={t('col.atp')} value={num(atpOf(row.positions))} />
        </div>
        <dl className="kv">
          <dt>{t('col.kind')}</dt>
          <dd>{tv('kind', w.kind)}</dd>
          <dt>{t('col.region')}</dt>
          <dd>{tv('region', w.region)}</dd>
          {w.ownerTeam && (
            <>
              <dt>{t('col.owner')}</dt>
              <dd>{w.ownerTeam}</dd>
            </>
          )}
          {(['available', 'allocated', 'picking', 'quarantine', 'damaged', 'in_transit'] as const).map((s) => (
            <FragmentRow key={s} label={tv('status', s)} value={num(by(s))} />
          ))}
        </dl>
        {row.connectors.map((c) => (
          <div key={c.source} className="toolbar">
            <Pill tone={connectorTone(c.state)}>{tv('connector', c.state)}</Pill>
            <span className="mono">{c.source}</span>
            <span className="muted">{c.dialect}</span>
            <span className="grow" />
            <span className="muted">{c.lastMessageAt ? t('connectors.lastMessageAgo', { ago: ago(c.lastMessageAt) }) : t('connectors.noMessage')}</span>
          </div>
        ))}
        {row.exceptions.length > 0 && (
          <div className="grid" style={{ gap: 8 }}>
            {row.exceptions.slice(0, 5).map((e) => (
              <Link key={e.id} to={href('/exceptions', { id: e.id })}>
                <Pill tone={e.severity === 'critical' || e.severity === 'high' ? 'bad' : 'warn'}>{tv('severity', e.severity)}</Pill> {excText(e).title}
              </Link>
            ))}
          </div>
        )}
        <div className="toolbar">
          <Link to={href('/inventory', { warehouse: w.id })}>{t('network.openInventory')}</Link>
          {can('kpis:read') && <Link to={href('/kpis', { warehouse: w.id })}>{t('network.openKpis')}</Link>}
        </div>
      </div>
    </Panel>
  );
}

function FragmentRow({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd className="num" style={{ textAlign: 'left' }}>
        {value}
      </dd>
    </>
  );
}

function TopExceptions({ exceptions }: { exceptions: readonly ExceptionView[] }) {
  const { t, tv, ago, excText } = useI18n();
  const { can } = useSession();
  const top = [...exceptions].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.detectedAt.localeCompare(a.detectedAt)).slice(0, 8);
  return (
    <Panel title={t('network.attention')} flush>
      {!can('exceptions:read') ? (
        <div className="empty">{t('network.pickWarehouse')}</div>
      ) : top.length === 0 ? (
        <div className="empty">{t('network.allClear')}</div>
      ) : (
        <table className="data">
          <tbody>
            {top.map((e) => (
              <tr key={e.id} className="click" onClick={() => navigate(href('/exceptions', { id: e.id }))}>
                <td>
                  <Pill tone={e.severity === 'critical' || e.severity === 'high' ? 'bad' : e.severity === 'medium' ? 'warn' : 'info'}>{tv('severity', e.severity)}</Pill>
                </td>
                <td>
                  <div data-testid="attention-title">{excText(e).title}</div>
                  <div className="muted">{[tv('excType', e.type), e.warehouse ?? t('exceptions.networkWide')].join(' · ')}</div>
                </td>
                <td className="muted num">{ago(e.detectedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type Page } from '../api/client.ts';
import type { Hold, Order } from '../api/types.ts';
import { type Column, DataTable } from '../components/data-table.tsx';
import { FilterSelect } from '../components/filter-select.tsx';
import { Pager } from '../components/pager.tsx';
import { Panel, Pill, QueryState, type Tone } from '../components/ui.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { href, Link, navigate, useLocation } from '../router.tsx';

export const ORDER_TONE: Record<string, Tone> = { allocated: 'ok', partial: 'warn', backordered: 'bad', accepted: 'info', cancelled: undefined };
const STATES = ['', 'allocated', 'partial', 'backordered', 'accepted', 'cancelled'] as const;
const PAGE = 50;

/** Orders: the list (newest first) and one order with its allocation and why it was made so. */
export function OrdersPage() {
  const { path } = useLocation();
  const id = path.startsWith('/orders/') ? decodeURIComponent(path.slice('/orders/'.length)) : null;
  return id ? <OrderDetail id={id} /> : <OrderList />;
}

function OrderList() {
  const { t, tv, num, dateTime } = useI18n();
  const { query } = useLocation();
  const state = query.get('state') ?? '';
  const offset = Number(query.get('offset') ?? 0) || 0;
  const [search, setSearch] = useState('');
  const orders = useQuery({
    queryKey: ['orders', 'list', state, offset],
    queryFn: () => api.get<Page<Order>>(href('/api/orders', { status: state, limit: PAGE, offset })),
  });
  const columns: Column<Order>[] = [
    { head: t('col.order'), className: 'mono', cell: (o) => o.id },
    { head: t('col.state'), cell: (o) => <Pill tone={ORDER_TONE[o.state]}>{tv('orderState', o.state)}</Pill> },
    { head: t('col.destination'), cell: (o) => destinationText(o, tv) },
    { head: t('col.lines'), num: true, cell: (o) => num(o.lines.length) },
    { head: t('col.units'), num: true, cell: (o) => num(o.lines.reduce((s, l) => s + l.qty, 0)) },
    { head: t('col.shipsFrom'), cell: (o) => [...new Set(o.allocation.map((a) => a.warehouse))].join(', ') || '—' },
    { head: t('col.unfilled'), num: true, cell: (o) => num(o.unfilled.reduce((s, u) => s + u.qty, 0)) },
    { head: t('col.created'), className: 'muted', cell: (o) => dateTime(o.createdAt) },
  ];
  return (
    <Panel
      title={t('orders.title')}
      flush
      aside={
        <span className="toolbar">
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (search.trim()) navigate(`/orders/${encodeURIComponent(search.trim())}`);
            }}
          >
            <input type="search" placeholder={t('orders.find')} value={search} onChange={(e) => setSearch(e.target.value)} />
          </form>
          <FilterSelect value={state} onChange={(v) => navigate(href('/orders', { state: v }), true)} label={t('col.state')} all={t('orders.allStates')} options={STATES} optionLabel={(x) => tv('orderState', x)} />
        </span>
      }
    >
      <QueryState q={orders} empty={(d) => d.items.length === 0}>
        {(d) => (
          <>
            <DataTable rows={d.items} columns={columns} rowKey={(o) => o.id} onRowClick={(o) => navigate(`/orders/${encodeURIComponent(o.id)}`)} testId="orders-table" />
            <Pager offset={offset} pageSize={PAGE} nextOffset={d.nextOffset} go={(to) => navigate(href('/orders', { state, offset: to }), true)}>
              <span className="muted">{t('common.showing', { from: offset + 1, to: offset + d.items.length, total: d.total ?? '…' })}</span>
            </Pager>
          </>
        )}
      </QueryState>
    </Panel>
  );
}

function destinationText(o: Order, tv: (p: string, v: string) => string): string {
  const d = o.order.destination;
  if (d.region) return tv('region', d.region);
  if (d.postalCode) return d.postalCode;
  if (d.lat !== undefined && d.lon !== undefined) return `${d.lat.toFixed(2)}, ${d.lon.toFixed(2)}`;
  return '—';
}

function OrderDetail({ id }: { id: string }) {
  const { t, tv, num, dateTime } = useI18n();
  const holdColumns: Column<Hold>[] = [
    { head: t('col.warehouse'), cell: (h) => h.warehouse },
    { head: t('col.sku'), className: 'mono', cell: (h) => h.sku },
    { head: t('col.lot'), className: 'mono', cell: (h) => h.lot || '—' },
    { head: t('col.qty'), num: true, cell: (h) => num(h.qty) },
    { head: t('col.consumed'), num: true, cell: (h) => num(h.consumed) },
    { head: t('col.state'), cell: (h) => tv('holdState', h.state) },
  ];
  const order = useQuery({ queryKey: ['order', id], queryFn: () => api.get<Order>(`/api/orders/${encodeURIComponent(id)}`) });
  return (
    <>
      <div className="toolbar">
        <Link to="/orders">← {t('orders.back')}</Link>
      </div>
      <QueryState q={order}>
        {(o) => {
          const ex = o.explanation;
          return (
            <>
              <div className="tiles">
                <div className="tile">
                  <span className="label">{t('col.order')}</span>
                  <span className="value mono" style={{ fontSize: 24 }} data-testid="order-id">
                    {o.id}
                  </span>
                  <span className="sub">
                    <Pill tone={ORDER_TONE[o.state]}>{tv('orderState', o.state)}</Pill>
                  </span>
                </div>
                <div className="tile">
                  <span className="label">{t('col.destination')}</span>
                  <span className="value" style={{ fontSize: 24 }}>
                    {destinationText(o, tv)}
                  </span>
                  <span className="sub">{o.order.promisedHours !== undefined ? t('orders.promised', { h: o.order.promisedHours }) : t('orders.noPromise')}</span>
                </div>
                <div className="tile">
                  <span className="label">{t('orders.cost')}</span>
                  <span className="value">{ex ? num(ex.total, 2) : '—'}</span>
                  <span className="sub">{t('orders.shipments', { n: ex?.shipments.length ?? 0 })}</span>
                </div>
                <div className="tile">
                  <span className="label">{t('col.created')}</span>
                  <span className="value" style={{ fontSize: 20 }}>
                    {dateTime(o.createdAt)}
                  </span>
                  <span className="sub">{t('orders.updated', { at: dateTime(o.updatedAt) })}</span>
                </div>
              </div>
              <div className="grid cols-2">
                <Panel title={t('orders.lines')} flush>
                  <table className="data">
                    <thead>
                      <tr>
                        <th>{t('col.sku')}</th>
                        <th className="num">{t('col.ordered')}</th>
                        <th className="num">{t('col.allocated')}</th>
                        <th className="num">{t('col.unfilled')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {o.lines.map((l) => {
                        const got = o.allocation.filter((a) => a.sku === l.sku).reduce((s, a) => s + a.qty, 0);
                        const miss = o.unfilled.filter((u) => u.sku === l.sku);
                        return (
                          <tr key={l.sku}>
                            <td>
                              <Link to={href('/inventory', { sku: l.sku })} className="mono">
                                {l.sku}
                              </Link>
                            </td>
                            <td className="num">{num(l.qty)}</td>
                            <td className="num">{num(got)}</td>
                            <td className="num">
                              {miss.length === 0 ? <span className="faint">0</span> : miss.map((u) => `${num(u.qty)} (${tv('unfilled', u.reason)})`).join(', ')}
                            </td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </Panel>
                <Panel title={t('orders.allocation')} flush>
                  {o.allocation.length === 0 ? (
                    <div className="empty">{t('orders.nothingHeld')}</div>
                  ) : (
                    <table className="data" data-testid="order-allocation">
                      <thead>
                        <tr>
                          <th>{t('col.warehouse')}</th>
                          <th>{t('col.sku')}</th>
                          <th>{t('col.lot')}</th>
                          <th className="num">{t('col.qty')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {o.allocation.map((a, i) => (
                          <tr key={i}>
                            <td>
                              <strong>{a.warehouse}</strong>
                            </td>
                            <td className="mono">{a.sku ?? '—'}</td>
                            <td className="mono">{a.lot || '—'}</td>
                            <td className="num">{num(a.qty)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  )}
                </Panel>
              </div>
              <Panel title={t('orders.why')} flush id="order-explanation">
                {!ex ? (
                  <div className="empty">{t('orders.noExplanation')}</div>
                ) : (
                  <table className="data">
                    <thead>
                      <tr>
                        <th className="num">{t('col.rank')}</th>
                        <th>{t('col.warehouse')}</th>
                        <th className="num">{t('orders.costAlone')}</th>
                        <th>{t('orders.outcome')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {[...ex.candidates]
                        .sort((a, b) => (a.rank ?? 999) - (b.rank ?? 999))
                        .map((c) => {
                          const ship = ex.shipments.find((s) => s.warehouse === c.warehouse);
                          return (
                            <tr key={c.warehouse}>
                              <td className="num">{c.rank ?? '—'}</td>
                              <td>
                                <strong>{c.warehouse}</strong>
                              </td>
                              <td className="num">{c.cost !== undefined ? num(c.cost, 2) : '—'}</td>
                              <td>
                                {ship ? (
                                  <span>
                                    <Pill tone="ok">{t('orders.chosen')}</Pill>{' '}
                                    <span className="muted">
                                      {t('orders.shipsUnits', { n: num(ship.units) })} ·{' '}
                                      {Object.entries(ship.cost)
                                        .filter(([, v]) => typeof v === 'number' && v !== 0)
                                        .map(([k, v]) => `${tv('cost', k)} ${num(v, 2)}`)
                                        .join(' · ')}
                                    </span>
                                  </span>
                                ) : c.excluded ? (
                                  <span className="muted">
                                    {t('orders.excluded')}: {tv('excluded', c.excluded)}
                                  </span>
                                ) : (
                                  <span className="muted">{t('orders.notChosen')}</span>
                                )}
                              </td>
                            </tr>
                          );
                        })}
                    </tbody>
                  </table>
                )}
                {ex && (
                  <div className="toolbar muted" style={{ padding: '10px 18px' }}>
                    {ex.more ? <span>{t('orders.moreCandidates', { n: ex.more })}</span> : null}
                    <span>
                      {t('orders.splitPenalty')}: {num(ex.splitPenalty, 2)}
                    </span>
                    <span>
                      {t('orders.unfilledPenalty')}: {num(ex.unfilledPenalty, 2)}
                    </span>
                    <span>
                      {t('orders.total')}: <strong>{num(ex.total, 2)}</strong>
                    </span>
                  </div>
                )}
              </Panel>
              {o.holds && o.holds.length > 0 && (
                <Panel title={t('orders.holds')} flush>
                  <DataTable rows={o.holds} columns={holdColumns} rowKey={(h) => h.id} />
                </Panel>
              )}
            </>
          );
        }}
      </QueryState>
    </>
  );
}

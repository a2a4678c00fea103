import { type UseQueryResult, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client.ts';
import { useSkus, useWarehouses } from '../api/queries.ts';
import type { Alias, Sku, StatusMapping, Warehouse } from '../api/types.ts';
import { type Column, DataTable } from '../components/data-table.tsx';
import { Panel, Pill, QueryState } from '../components/ui.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { href, navigate, useLocation } from '../router.tsx';

interface Conflict {
  readonly kind: 'duplicate-gtin' | 'undeclared-synonym' | 'homonym';
  readonly message: string;
}

const TABS = ['warehouses', 'skus', 'aliases', 'status-maps', 'conflicts'] as const;
type Tab = (typeof TABS)[number];

/** Master data: warehouses, SKUs, every system's codes (aliases) and status words, and conflicts. */
export function MasterDataPage() {
  const { t } = useI18n();
  const { query } = useLocation();
  const tab: Tab = (TABS as readonly string[]).includes(query.get('tab') ?? '') ? (query.get('tab') as Tab) : 'warehouses';
  const [filter, setFilter] = useState('');
  return (
    <Panel
      title={t(`md.${tab}`)}
      flush
      aside={<input type="search" placeholder={t('md.filter')} value={filter} onChange={(e) => setFilter(e.target.value)} />}
    >
      <div className="tabs" role="tablist" style={{ padding: '0 18px' }}>
        {TABS.map((x) => (
          <button key={x} type="button" role="tab" aria-selected={x === tab} onClick={() => navigate(href('/master-data', { tab: x }), true)} data-testid={`md-tab-${x}`}>
            {t(`md.${x}`)}
          </button>
        ))}
      </div>
      {tab === 'warehouses' && <WarehousesTab filter={filter} />}
      {tab === 'skus' && <SkusTab filter={filter} />}
      {tab === 'aliases' && <AliasesTab filter={filter} />}
      {tab === 'status-maps' && <StatusMapsTab filter={filter} />}
      {tab === 'conflicts' && <ConflictsTab />}
    </Panel>
  );
}

const match = (f: string, ...xs: (string | undefined | null)[]): boolean => !f || xs.some((x) => x?.toLowerCase().includes(f.toLowerCase()));

/** One master-data list: loading/empty states, then the rows whose `fields` match the filter. */
function FilteredTable<T>({
  q, filter, fields, columns, rowKey,
}: { q: UseQueryResult<readonly T[]>; filter: string; fields: (row: T) => (string | undefined | null)[]; columns: readonly Column<T>[]; rowKey: (row: T) => string }) {
  return (
    <QueryState q={q} empty={(d) => d.length === 0}>
      {(d) => <DataTable rows={d.filter((r) => match(filter, ...fields(r)))} columns={columns} rowKey={rowKey} />}
    </QueryState>
  );
}

/** Every item of one master-data list (`/api/master-data/<kind>`). */
function useMasterList<T>(kind: 'aliases' | 'status-maps') {
  return useQuery({ queryKey: ['masterdata', kind], queryFn: async () => (await api.get<{ items: T[] }>(`/api/master-data/${kind}?limit=1000`)).items });
}

function WarehousesTab({ filter }: { filter: string }) {
  const { t, tv, num } = useI18n();
  const q = useWarehouses();
  const columns: Column<Warehouse>[] = [
    {
      head: t('col.warehouse'),
      cell: (w) => (
        <>
          <strong>{w.id}</strong>
          <div className="muted">{w.name}</div>
        </>
      ),
    },
    { head: t('col.kind'), cell: (w) => tv('kind', w.kind) },
    { head: t('col.region'), cell: (w) => tv('region', w.region) },
    { head: t('col.coordinates'), className: 'mono', cell: (w) => `${w.lat.toFixed(3)}, ${w.lon.toFixed(3)}` },
    { head: t('col.owner'), cell: (w) => w.ownerTeam ?? '—' },
    { head: t('col.timeZone'), cell: (w) => w.timeZone ?? '—' },
    { head: t('col.capacity'), num: true, cell: (w) => num(w.dailyCapacity) },
  ];
  return <FilteredTable q={q} filter={filter} fields={(w) => [w.id, w.name, w.region, w.kind]} columns={columns} rowKey={(w) => w.id} />;
}

function SkusTab({ filter }: { filter: string }) {
  const { t, tv } = useI18n();
  const q = useSkus();
  const columns: Column<Sku>[] = [
    { head: t('col.sku'), className: 'mono', cell: (s) => s.id },
    { head: t('col.name'), cell: (s) => s.name },
    { head: t('col.category'), cell: (s) => tv('category', s.category) },
    { head: 'GTIN', className: 'mono', cell: (s) => s.gtin ?? '—' },
    { head: t('col.baseUnit'), cell: (s) => s.baseUnit },
    { head: t('col.storage'), cell: (s) => (s.storageClass ? tv('storage', s.storageClass) : '—') },
    { head: t('col.lots'), cell: (s) => (s.lotControlled ? t('common.yes') : t('common.no')) },
  ];
  return <FilteredTable q={q} filter={filter} fields={(s) => [s.id, s.name, s.category, s.gtin]} columns={columns} rowKey={(s) => s.id} />;
}

function AliasesTab({ filter }: { filter: string }) {
  const { t } = useI18n();
  const q = useMasterList<Alias>('aliases');
  const columns: Column<Alias>[] = [
    { head: t('col.system'), className: 'mono', cell: (a) => a.system },
    { head: t('col.externalCode'), className: 'mono', cell: (a) => a.code },
    { head: t('col.sku'), className: 'mono', cell: (a) => a.sku },
    { head: t('col.unit'), cell: (a) => a.unit ?? '—' },
  ];
  return <FilteredTable q={q} filter={filter} fields={(a) => [a.system, a.code, a.sku]} columns={columns} rowKey={(a) => `${a.system}|${a.code}`} />;
}

function StatusMapsTab({ filter }: { filter: string }) {
  const { t, tv } = useI18n();
  const q = useMasterList<StatusMapping>('status-maps');
  const columns: Column<StatusMapping>[] = [
    { head: t('col.system'), className: 'mono', cell: (m) => m.system },
    { head: t('col.externalStatus'), className: 'mono', cell: (m) => m.external },
    { head: t('col.canonicalStatus'), cell: (m) => tv('status', m.status) },
  ];
  return <FilteredTable q={q} filter={filter} fields={(m) => [m.system, m.external, m.status]} columns={columns} rowKey={(m) => `${m.system}|${m.external}`} />;
}

function ConflictsTab() {
  const { t, tv } = useI18n();
  const q = useQuery({ queryKey: ['masterdata', 'conflicts'], queryFn: async () => (await api.get<{ items: Conflict[] }>('/api/master-data/conflicts')).items });
  const columns: Column<Conflict>[] = [
    { head: t('col.type'), cell: (c) => <Pill tone={c.kind === 'homonym' ? 'info' : 'bad'}>{tv('conflict', c.kind)}</Pill> },
    { head: t('col.reason'), className: 'wrap', cell: (c) => c.message },
  ];
  return (
    <QueryState q={q}>
      {(rows) => (rows.length === 0 ? <div className="empty">{t('md.noConflicts')}</div> : <DataTable rows={rows} columns={columns} rowKey={(_, i) => i} testId="conflicts-table" />)}
    </QueryState>
  );
}

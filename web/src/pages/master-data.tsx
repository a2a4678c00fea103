import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client.ts';
import { useSkus, useWarehouses } from '../api/queries.ts';
import type { Alias, StatusMapping } from '../api/types.ts';
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

function WarehousesTab({ filter }: { filter: string }) {
  const { t, tv, num } = useI18n();
  const q = useWarehouses();
  return (
    <QueryState q={q} empty={(d) => d.length === 0}>
      {(d) => (
        <table className="data">
          <thead>
            <tr>
              <th>{t('col.warehouse')}</th>
              <th>{t('col.kind')}</th>
              <th>{t('col.region')}</th>
              <th>{t('col.coordinates')}</th>
              <th>{t('col.owner')}</th>
              <th>{t('col.timeZone')}</th>
              <th className="num">{t('col.capacity')}</th>
            </tr>
          </thead>
          <tbody>
            {d.filter((w) => match(filter, w.id, w.name, w.region, w.kind)).map((w) => (
              <tr key={w.id}>
                <td>
                  <strong>{w.id}</strong>
                  <div className="muted">{w.name}</div>
                </td>
                <td>{tv('kind', w.kind)}</td>
                <td>{tv('region', w.region)}</td>
                <td className="mono">
                  {w.lat.toFixed(3)}, {w.lon.toFixed(3)}
                </td>
                <td>{w.ownerTeam ?? '—'}</td>
                <td>{w.timeZone ?? '—'}</td>
                <td className="num">{num(w.dailyCapacity)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </QueryState>
  );
}

function SkusTab({ filter }: { filter: string }) {
  const { t, tv } = useI18n();
  const q = useSkus();
  return (
    <QueryState q={q} empty={(d) => d.length === 0}>
      {(d) => (
        <table className="data">
          <thead>
            <tr>
              <th>{t('col.sku')}</th>
              <th>{t('col.name')}</th>
              <th>{t('col.category')}</th>
              <th>GTIN</th>
              <th>{t('col.baseUnit')}</th>
              <th>{t('col.storage')}</th>
              <th>{t('col.lots')}</th>
            </tr>
          </thead>
          <tbody>
            {d.filter((s) => match(filter, s.id, s.name, s.category, s.gtin)).map((s) => (
              <tr key={s.id}>
                <td className="mono">{s.id}</td>
                <td>{s.name}</td>
                <td>{tv('category', s.category)}</td>
                <td className="mono">{s.gtin ?? '—'}</td>
                <td>{s.baseUnit}</td>
                <td>{s.storageClass ? tv('storage', s.storageClass) : '—'}</td>
                <td>{s.lotControlled ? t('common.yes') : t('common.no')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </QueryState>
  );
}

function AliasesTab({ filter }: { filter: string }) {
  const { t } = useI18n();
  const q = useQuery({ queryKey: ['masterdata', 'aliases'], queryFn: async () => (await api.get<{ items: Alias[] }>('/api/master-data/aliases?limit=1000')).items });
  return (
    <QueryState q={q} empty={(d) => d.length === 0}>
      {(d) => (
        <table className="data">
          <thead>
            <tr>
              <th>{t('col.system')}</th>
              <th>{t('col.externalCode')}</th>
              <th>{t('col.sku')}</th>
              <th>{t('col.unit')}</th>
            </tr>
          </thead>
          <tbody>
            {d.filter((a) => match(filter, a.system, a.code, a.sku)).map((a) => (
              <tr key={`${a.system}|${a.code}`}>
                <td className="mono">{a.system}</td>
                <td className="mono">{a.code}</td>
                <td className="mono">{a.sku}</td>
                <td>{a.unit ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </QueryState>
  );
}

function StatusMapsTab({ filter }: { filter: string }) {
  const { t, tv } = useI18n();
  const q = useQuery({ queryKey: ['masterdata', 'status-maps'], queryFn: async () => (await api.get<{ items: StatusMapping[] }>('/api/master-data/status-maps?limit=1000')).items });
  return (
    <QueryState q={q} empty={(d) => d.length === 0}>
      {(d) => (
        <table className="data">
          <thead>
            <tr>
              <th>{t('col.system')}</th>
              <th>{t('col.externalStatus')}</th>
              <th>{t('col.canonicalStatus')}</th>
            </tr>
          </thead>
          <tbody>
            {d.filter((m) => match(filter, m.system, m.external, m.status)).map((m) => (
              <tr key={`${m.system}|${m.external}`}>
                <td className="mono">{m.system}</td>
                <td className="mono">{m.external}</td>
                <td>{tv('status', m.status)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </QueryState>
  );
}

function ConflictsTab() {
  const { t, tv } = useI18n();
  const q = useQuery({ queryKey: ['masterdata', 'conflicts'], queryFn: async () => (await api.get<{ items: Conflict[] }>('/api/master-data/conflicts')).items });
  return (
    <QueryState q={q}>
      {(rows) =>
        rows.length === 0 ? (
          <div className="empty">{t('md.noConflicts')}</div>
        ) : (
          <table className="data" data-testid="conflicts-table">
            <thead>
              <tr>
                <th>{t('col.type')}</th>
                <th>{t('col.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c, i) => (
                <tr key={i}>
                  <td>
                    <Pill tone={c.kind === 'homonym' ? 'info' : 'bad'}>{tv('conflict', c.kind)}</Pill>
                  </td>
                  <td className="wrap">{c.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    </QueryState>
  );
}

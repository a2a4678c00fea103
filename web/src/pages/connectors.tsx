import { useQuery } from '@tanstack/react-query';
import { api, type Page } from '../api/client.ts';
import { useConnectors } from '../api/queries.ts';
import type { ConnectorStatus, DeadLetter, Gap } from '../api/types.ts';
import { useSession } from '../auth/session.tsx';
import { type Column, DataTable } from '../components/data-table.tsx';
import { Panel, Pill, QueryState, Tile, useTick } from '../components/ui.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { connectorTone } from './network.tsx';

/** Every source system: its connector's live state, lag, sequence, errors; open gaps and refused inputs. */
export function ConnectorsPage() {
  const { t, tv, num, ago, duration } = useI18n();
  const { can } = useSession();
  useTick(5000);
  const connectors = useConnectors();
  const gaps = useQuery({
    queryKey: ['connectors', 'gaps'],
    queryFn: async () => (await api.get<{ items: Gap[] }>('/api/gaps?open=true')).items,
    enabled: can('events:read'),
  });
  const dead = useQuery({
    queryKey: ['connectors', 'dead-letters'],
    queryFn: () => api.get<Page<DeadLetter>>('/api/dead-letters?state=pending&limit=100'),
    enabled: can('events:read'),
  });
  const cs = (connectors.data ?? []).filter((c) => c.state !== 'none');
  const sourceColumns: Column<ConnectorStatus>[] = [
    {
      head: t('col.source'),
      cell: (c) => (
        <>
          <strong className="mono">{c.source}</strong>
          <div className="muted">{c.name}</div>
          {c.lastError && <div className="wrap" style={{ color: 'var(--bad)', fontSize: 12.5 }}>{c.lastError}</div>}
        </>
      ),
    },
    { head: t('col.dialect'), cell: (c) => c.dialect ?? '—' },
    { head: t('col.warehouses'), cell: (c) => c.warehouses.join(', ') },
    {
      head: t('col.state'),
      cell: (c) => (
        <>
          <Pill tone={connectorTone(c.state)}>{tv('connector', c.state)}</Pill>
          {!c.live && c.state !== 'none' && <div className="faint">{t('connectors.saved')}</div>}
        </>
      ),
    },
    { head: t('col.lastMessage'), className: 'muted', cell: (c) => ago(c.lastMessageAt) },
    { head: t('col.lag'), num: true, cell: (c) => duration(c.lagMs) },
    { head: t('col.sequence'), num: true, cell: (c) => num(c.sequence) },
    { head: t('col.messages'), num: true, cell: (c) => num(c.messages) },
    { head: t('col.errors'), num: true, cell: (c) => num(c.errors) },
    { head: t('col.gaps'), num: true, cell: (c) => num(c.openGaps) },
    { head: t('col.deadLetters'), num: true, cell: (c) => num(c.pendingDeadLetters) },
  ];
  const gapColumns: Column<Gap>[] = [
    { head: t('col.source'), className: 'mono', cell: (g) => g.source },
    { head: t('col.missing'), className: 'mono', cell: (g) => (g.fromSeq === g.toSeq ? g.fromSeq : `${g.fromSeq}–${g.toSeq}`) },
    { head: t('col.detected'), className: 'muted', cell: (g) => ago(g.detectedAt) },
  ];
  const deadColumns: Column<DeadLetter>[] = [
    { head: t('col.source'), className: 'mono', cell: (x) => x.source ?? '—' },
    { head: t('col.code'), className: 'mono', cell: (x) => x.code },
    { head: t('col.reason'), className: 'wrap', cell: (x) => x.reason },
    { head: t('col.lastSeen'), className: 'muted', cell: (x) => ago(x.lastSeenAt) },
  ];
  return (
    <>
      <div className="tiles">
        <Tile label={t('connectors.running')} value={`${cs.filter((c) => c.state === 'running').length}/${cs.length}`} />
        <Tile label={t('connectors.messages')} value={num(cs.reduce((s, c) => s + c.messages, 0))} />
        <Tile label={t('connectors.errors')} value={num(cs.reduce((s, c) => s + c.errors, 0))} tone={cs.some((c) => c.errors > 0) ? 'warn' : undefined} />
        <Tile label={t('connectors.rejections')} value={num(cs.reduce((s, c) => s + c.rejections, 0))} />
        {can('events:read') && <Tile label={t('connectors.openGaps')} value={num(gaps.data?.length)} tone={(gaps.data?.length ?? 0) > 0 ? 'warn' : undefined} />}
        {can('events:read') && <Tile label={t('connectors.deadLetters')} value={num(dead.data?.total ?? dead.data?.items.length)} tone={(dead.data?.items.length ?? 0) > 0 ? 'warn' : undefined} />}
      </div>
      <Panel title={t('connectors.sources')} flush>
        <QueryState q={connectors} empty={(d) => d.length === 0}>
          {(d) => (
            <DataTable rows={d} columns={sourceColumns} rowKey={(c) => c.source} rowTestId={(c) => `connector-${c.source}`} testId="connectors-table" />
          )}
        </QueryState>
      </Panel>
      {can('events:read') && (
        <div className="grid cols-2">
          <Panel title={t('connectors.gapsTitle')} flush>
            <QueryState q={gaps} empty={(d) => d.length === 0}>
              {(d) => (
                <DataTable rows={d} columns={gapColumns} rowKey={(g) => g.id} />
              )}
            </QueryState>
          </Panel>
          <Panel title={t('connectors.deadTitle')} flush>
            <QueryState q={dead} empty={(d) => d.items.length === 0}>
              {(d) => (
                <DataTable rows={d.items} columns={deadColumns} rowKey={(x) => x.id} />
              )}
            </QueryState>
          </Panel>
        </div>
      )}
    </>
  );
}

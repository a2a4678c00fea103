import { useQuery } from '@tanstack/react-query';
import { api, type Page } from '../api/client.ts';
import { useConnectors } from '../api/queries.ts';
import type { DeadLetter, Gap } from '../api/types.ts';
import { useSession } from '../auth/session.tsx';
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
            <table className="data" data-testid="connectors-table">
              <thead>
                <tr>
                  <th>{t('col.source')}</th>
                  <th>{t('col.dialect')}</th>
                  <th>{t('col.warehouses')}</th>
                  <th>{t('col.state')}</th>
                  <th>{t('col.lastMessage')}</th>
                  <th className="num">{t('col.lag')}</th>
                  <th className="num">{t('col.sequence')}</th>
                  <th className="num">{t('col.messages')}</th>
                  <th className="num">{t('col.errors')}</th>
                  <th className="num">{t('col.gaps')}</th>
                  <th className="num">{t('col.deadLetters')}</th>
                </tr>
              </thead>
              <tbody>
                {d.map((c) => (
                  <tr key={c.source} data-testid={`connector-${c.source}`}>
                    <td>
                      <strong className="mono">{c.source}</strong>
                      <div className="muted">{c.name}</div>
                      {c.lastError && <div className="wrap" style={{ color: 'var(--bad)', fontSize: 12.5 }}>{c.lastError}</div>}
                    </td>
                    <td>{c.dialect ?? '—'}</td>
                    <td>{c.warehouses.join(', ')}</td>
                    <td>
                      <Pill tone={connectorTone(c.state)}>{tv('connector', c.state)}</Pill>
                      {!c.live && c.state !== 'none' && <div className="faint">{t('connectors.saved')}</div>}
                    </td>
                    <td className="muted">{ago(c.lastMessageAt)}</td>
                    <td className="num">{duration(c.lagMs)}</td>
                    <td className="num">{num(c.sequence)}</td>
                    <td className="num">{num(c.messages)}</td>
                    <td className="num">{num(c.errors)}</td>
                    <td className="num">{num(c.openGaps)}</td>
                    <td className="num">{num(c.pendingDeadLetters)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </QueryState>
      </Panel>
      {can('events:read') && (
        <div className="grid cols-2">
          <Panel title={t('connectors.gapsTitle')} flush>
            <QueryState q={gaps} empty={(d) => d.length === 0}>
              {(d) => (
                <table className="data">
                  <thead>
                    <tr>
                      <th>{t('col.source')}</th>
                      <th>{t('col.missing')}</th>
                      <th>{t('col.detected')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.map((g) => (
                      <tr key={g.id}>
                        <td className="mono">{g.source}</td>
                        <td className="mono">{g.fromSeq === g.toSeq ? g.fromSeq : `${g.fromSeq}–${g.toSeq}`}</td>
                        <td className="muted">{ago(g.detectedAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </QueryState>
          </Panel>
          <Panel title={t('connectors.deadTitle')} flush>
            <QueryState q={dead} empty={(d) => d.items.length === 0}>
              {(d) => (
                <table className="data">
                  <thead>
                    <tr>
                      <th>{t('col.source')}</th>
                      <th>{t('col.code')}</th>
                      <th>{t('col.reason')}</th>
                      <th>{t('col.lastSeen')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.items.map((x) => (
                      <tr key={x.id}>
                        <td className="mono">{x.source ?? '—'}</td>
                        <td className="mono">{x.code}</td>
                        <td className="wrap">{x.reason}</td>
                        <td className="muted">{ago(x.lastSeenAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </QueryState>
          </Panel>
        </div>
      )}
    </>
  );
}

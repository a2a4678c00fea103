import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, ApiError, type Page } from '../api/client.ts';
import type { ExceptionView } from '../api/queries.ts';
import { useSession } from '../auth/session.tsx';
import { FilterSelect } from '../components/filter-select.tsx';
import { Panel, Pill, QueryState, Tile, type Tone } from '../components/ui.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { href, navigate, useLocation } from '../router.tsx';

export const SEVERITY_TONE: Record<string, Tone> = { low: 'info', medium: 'warn', high: 'bad', critical: 'bad' };
const STATE_TONE: Record<string, Tone> = { open: 'bad', acknowledged: 'warn', resolved: 'ok' };
const STATES = ['active', 'open', 'acknowledged', 'resolved', ''] as const;
const SEVERITIES = ['', 'critical', 'high', 'medium', 'low'] as const;

interface Summary {
  readonly open: number;
  readonly acknowledged: number;
  readonly resolvedLast24h: number;
  readonly bySeverity: Readonly<Record<string, number>>;
  readonly byType: Readonly<Record<string, number>>;
}

/** The exception queue: filter, pick one, assign / acknowledge / resolve it; its history and evidence. */
export function ExceptionsPage() {
  const { t, tv, num, ago } = useI18n();
  const { query } = useLocation();
  const state = query.get('state') ?? 'active';
  const severity = query.get('severity') ?? '';
  const warehouse = query.get('warehouse') ?? '';
  const selected = query.get('id');
  const go = (patch: Record<string, string | undefined>): void =>
    navigate(href('/exceptions', { state, severity, warehouse, id: selected ?? undefined, ...patch }), true);
  const summary = useQuery({ queryKey: ['exceptions', 'summary'], queryFn: () => api.get<Summary>('/api/exceptions/summary') });
  const list = useQuery({
    queryKey: ['exceptions', 'list', state, severity, warehouse],
    queryFn: () => api.get<Page<ExceptionView>>(href('/api/exceptions', { state, severity, warehouse, limit: 200 })),
  });
  const s = summary.data;
  return (
    <>
      <div className="tiles">
        <Tile label={t('exceptions.open')} value={num(s?.open)} tone={s && s.open > 0 ? 'bad' : undefined} onClick={() => go({ state: 'open' })} selected={state === 'open'} testId="exc-open" />
        <Tile label={t('exceptions.acknowledged')} value={num(s?.acknowledged)} tone={s && s.acknowledged > 0 ? 'warn' : undefined} onClick={() => go({ state: 'acknowledged' })} selected={state === 'acknowledged'} />
        <Tile label={t('exceptions.resolved24h')} value={num(s?.resolvedLast24h)} onClick={() => go({ state: 'resolved' })} selected={state === 'resolved'} />
        <Tile
          label={t('exceptions.highOrCritical')}
          value={num(s ? (s.bySeverity.high ?? 0) + (s.bySeverity.critical ?? 0) : undefined)}
          onClick={() => go({ state: 'active', severity: 'high' })}
          selected={severity === 'high'}
        />
      </div>
      <div className="grid main-side">
        <Panel
          title={t('exceptions.queue')}
          flush
          aside={
            <span className="toolbar">
              <FilterSelect value={state} onChange={(v) => go({ state: v })} label={t('col.state')} all={t('exceptions.allStates')} options={STATES} optionLabel={(x) => tv('excState', x)} testId="exc-state-filter" />
              <FilterSelect value={severity} onChange={(v) => go({ severity: v })} label={t('col.severity')} all={t('exceptions.allSeverities')} options={SEVERITIES} optionLabel={(x) => tv('severity', x)} />
            </span>
          }
        >
          <QueryState q={list} empty={(d) => d.items.length === 0}>
            {(d) => (
              <table className="data" data-testid="exceptions-table">
                <thead>
                  <tr>
                    <th>{t('col.severity')}</th>
                    <th>{t('col.type')}</th>
                    <th>{t('col.where')}</th>
                    <th>{t('col.owner')}</th>
                    <th>{t('col.state')}</th>
                    <th className="num">{t('col.seen')}</th>
                    <th>{t('col.detected')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.items.map((e) => (
                    <tr key={e.id} className={e.id === selected ? 'click selected' : 'click'} onClick={() => go({ id: e.id })} data-testid={`exc-row-${e.id}`} data-type={e.type}>
                      <td>
                        <Pill tone={SEVERITY_TONE[e.severity]}>{tv('severity', e.severity)}</Pill>
                      </td>
                      <td>{tv('excType', e.type)}</td>
                      <td>{[e.warehouse, e.sku].filter(Boolean).join(' · ') || <span className="muted">{t('exceptions.networkWide')}</span>}</td>
                      <td>
                        {e.assignee ?? e.owner.team}
                        {e.assignee && <div className="muted">{e.owner.team}</div>}
                      </td>
                      <td>
                        <Pill tone={STATE_TONE[e.state]}>{tv('excState', e.state)}</Pill>
                      </td>
                      <td className="num">{num(e.count)}</td>
                      <td className="muted">{ago(e.detectedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </QueryState>
        </Panel>
        {selected ? <ExceptionDetail id={selected} /> : <div className="notice">{t('exceptions.pick')}</div>}
      </div>
    </>
  );
}

function ExceptionDetail({ id }: { id: string }) {
  const { t, tv, dateTime, ago, num, excText } = useI18n();
  const { can, me } = useSession();
  const qc = useQueryClient();
  const [note, setNote] = useState('');
  const [assignee, setAssignee] = useState('');
  const [err, setErr] = useState<string | null>(null);
  const q = useQuery({ queryKey: ['exception', id], queryFn: () => api.get<ExceptionView>(`/api/exceptions/${encodeURIComponent(id)}`) });
  const act = useMutation({
    mutationFn: ({ action, body }: { action: 'assign' | 'acknowledge' | 'resolve'; body: Record<string, unknown> }) =>
      api.post<ExceptionView>(`/api/exceptions/${encodeURIComponent(id)}/${action}`, body),
    onSuccess: (e) => {
      qc.setQueryData(['exception', id], e);
      setNote('');
      setErr(null);
      void qc.invalidateQueries({ queryKey: ['exceptions'] });
      void qc.invalidateQueries({ queryKey: ['kpis'] });
    },
    onError: (e) => setErr(e instanceof ApiError ? e.message : String(e)),
  });
  const withNote = (): Record<string, unknown> => (note.trim() ? { note: note.trim() } : {});
  return (
    <QueryState q={q}>
      {(e) => (
        <Panel title={tv('excType', e.type)} aside={<Pill tone={STATE_TONE[e.state]}>{tv('excState', e.state)}</Pill>} id="exception-detail">
          <div className="grid" style={{ gap: 14 }}>
            <div>
              <div style={{ fontSize: 16, fontWeight: 600 }} data-testid="exc-title">
                {excText(e).title}
              </div>
              <div className="muted" data-testid="exc-message">
                {excText(e).message}
              </div>
            </div>
            <dl className="kv">
              <dt>{t('col.severity')}</dt>
              <dd>
                <Pill tone={SEVERITY_TONE[e.severity]}>{tv('severity', e.severity)}</Pill>
              </dd>
              <dt>{t('col.warehouse')}</dt>
              <dd>{e.warehouse ?? t('exceptions.networkWide')}</dd>
              {e.sku && (
                <>
                  <dt>{t('col.sku')}</dt>
                  <dd className="mono">{e.sku}</dd>
                </>
              )}
              <dt>{t('col.owner')}</dt>
              <dd>
                {e.owner.team}
                {e.owner.escalationContact && <div className="muted">{e.owner.escalationContact}</div>}
              </dd>
              <dt>{t('col.assignee')}</dt>
              <dd>{e.assignee ?? '—'}</dd>
              <dt>{t('col.detected')}</dt>
              <dd>
                {dateTime(e.detectedAt)} <span className="muted">({ago(e.detectedAt)})</span>
              </dd>
              <dt>{t('col.seen')}</dt>
              <dd>{t('exceptions.seenTimes', { n: num(e.count), at: ago(e.lastSeenAt) })}</dd>
              {e.escalatedAt && (
                <>
                  <dt>{t('exceptions.escalated')}</dt>
                  <dd>{dateTime(e.escalatedAt)}</dd>
                </>
              )}
              {e.resolvedAt && (
                <>
                  <dt>{t('exceptions.resolvedAt')}</dt>
                  <dd>
                    {dateTime(e.resolvedAt)} · {e.resolvedBy}
                  </dd>
                </>
              )}
            </dl>
            <div>
              <div className="muted" style={{ fontSize: 12, textTransform: 'uppercase', letterSpacing: 0.8, marginBottom: 6 }}>
                {t('exceptions.evidence')}
              </div>
              <dl className="kv mono">
                {Object.entries(e.evidence.facts).map(([k, v]) => (
                  <FactRow key={k} k={k} v={v} />
                ))}
              </dl>
              <div className="mono faint" style={{ marginTop: 6 }}>
                {e.evidence.href}
              </div>
            </div>
            {can('exceptions:act') && e.state !== 'resolved' && (
              <div className="grid" style={{ gap: 8 }} data-testid="exception-actions">
                <textarea rows={2} placeholder={t('exceptions.notePlaceholder')} value={note} onChange={(ev) => setNote(ev.target.value)} data-testid="exc-note" />
                <div className="toolbar">
                  <input type="text" placeholder={t('exceptions.assigneePlaceholder')} value={assignee} onChange={(ev) => setAssignee(ev.target.value)} style={{ width: 150 }} />
                  <button type="button" className="btn" disabled={act.isPending} onClick={() => act.mutate({ action: 'assign', body: { assignee: assignee.trim() || me?.user.username || null, ...withNote() } })} data-testid="exc-assign">
                    {assignee.trim() ? t('exceptions.assign') : t('exceptions.assignMe')}
                  </button>
                  {e.state === 'open' && (
                    <button type="button" className="btn" disabled={act.isPending} onClick={() => act.mutate({ action: 'acknowledge', body: withNote() })} data-testid="exc-acknowledge">
                      {t('exceptions.acknowledge')}
                    </button>
                  )}
                  <button type="button" className="btn primary" disabled={act.isPending} onClick={() => act.mutate({ action: 'resolve', body: withNote() })} data-testid="exc-resolve">
                    {t('exceptions.resolve')}
                  </button>
                </div>
                {err && <div className="error" style={{ padding: 0 }}>{err}</div>}
              </div>
            )}
            {e.history && e.history.length > 0 && (
              <div>
                <div className="muted" style={{ fontSize: 12, textTransform: 'uppercase', letterSpacing: 0.8, marginBottom: 6 }}>
                  {t('exceptions.history')}
                </div>
                <table className="data">
                  <tbody>
                    {e.history.map((h, i) => (
                      <tr key={i}>
                        <td className="muted" style={{ paddingLeft: 0 }}>
                          {dateTime(h.at)}
                        </td>
                        <td>{tv('excAction', h.action)}</td>
                        <td>{h.by}</td>
                        <td className="wrap muted">{h.note ?? ''}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </div>
        </Panel>
      )}
    </QueryState>
  );
}

function FactRow({ k, v }: { k: string; v: string | number | boolean | null }) {
  return (
    <>
      <dt>{k}</dt>
      <dd>{v === null ? '—' : String(v)}</dd>
    </>
  );
}

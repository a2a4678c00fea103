import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type Page } from '../api/client.ts';
import { Pager } from '../components/pager.tsx';
import { Panel, Pill, QueryState } from '../components/ui.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { href, navigate, useLocation } from '../router.tsx';

interface AuditEntry {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly via: string;
  readonly action: string;
  readonly target: { readonly kind: string; readonly id: string };
  readonly warehouse: string | null;
  readonly before: unknown;
  readonly after: unknown;
  readonly hash: string;
}

type Verify = { readonly ok: true; readonly entries?: number } | { readonly ok: false; readonly seq?: number; readonly reason?: string };

const PAGE = 50;

/** The audit trail: who changed what, when, before and after; and the hash chain's check. */
export function AuditPage() {
  const { t, num, dateTime } = useI18n();
  const { query } = useLocation();
  const offset = Number(query.get('offset') ?? 0) || 0;
  const actor = query.get('actor') ?? '';
  const [open, setOpen] = useState<number | null>(null);
  const list = useQuery({ queryKey: ['audit', actor, offset], queryFn: () => api.get<Page<AuditEntry>>(href('/api/audit', { actor, limit: PAGE, offset })) });
  const verify = useMutation({ mutationFn: () => api.get<Verify>('/api/audit/verify') });
  return (
    <Panel
      title={t('audit.title')}
      flush
      aside={
        <span className="toolbar">
          {verify.data && <Pill tone={verify.data.ok ? 'ok' : 'bad'}>{verify.data.ok ? t('audit.intact') : t('audit.broken', { seq: verify.data.seq ?? '?' })}</Pill>}
          <button type="button" className="btn small" onClick={() => verify.mutate()} disabled={verify.isPending}>
            {t('audit.verify')}
          </button>
        </span>
      }
    >
      <QueryState q={list} empty={(d) => d.items.length === 0}>
        {(d) => (
          <>
            <table className="data" data-testid="audit-table">
              <thead>
                <tr>
                  <th className="num">#</th>
                  <th>{t('col.when')}</th>
                  <th>{t('col.actor')}</th>
                  <th>{t('col.action')}</th>
                  <th>{t('col.target')}</th>
                  <th>{t('col.warehouse')}</th>
                  <th>{t('col.via')}</th>
                </tr>
              </thead>
              <tbody>
                {d.items.map((e) => [
                  <tr key={e.seq} className="click" onClick={() => setOpen(open === e.seq ? null : e.seq)}>
                    <td className="num muted">{num(e.seq)}</td>
                    <td className="muted">{dateTime(e.at)}</td>
                    <td>
                      <a className="crumb-link" onClick={(ev) => { ev.stopPropagation(); navigate(href('/audit', { actor: e.actor }), true); }}>
                        {e.actor}
                      </a>
                    </td>
                    <td className="mono">{e.action}</td>
                    <td className="mono">
                      {e.target.kind} {e.target.id}
                    </td>
                    <td>{e.warehouse ?? '—'}</td>
                    <td>{e.via}</td>
                  </tr>,
                  open === e.seq && (
                    <tr key={`${e.seq}-d`}>
                      <td colSpan={7} style={{ background: 'var(--panel-2)' }}>
                        <div className="grid cols-2">
                          <div>
                            <div className="muted">{t('audit.before')}</div>
                            <pre className="mono wrap" style={{ whiteSpace: 'pre-wrap' }}>{e.before === null ? '—' : JSON.stringify(e.before, null, 2)}</pre>
                          </div>
                          <div>
                            <div className="muted">{t('audit.after')}</div>
                            <pre className="mono wrap" style={{ whiteSpace: 'pre-wrap' }}>{e.after === null ? '—' : JSON.stringify(e.after, null, 2)}</pre>
                          </div>
                        </div>
                        <div className="mono faint">{e.hash}</div>
                      </td>
                    </tr>
                  ),
                ])}
              </tbody>
            </table>
            <Pager offset={offset} pageSize={PAGE} nextOffset={d.nextOffset} go={(to) => navigate(href('/audit', { actor, offset: to }), true)}>
              {actor && (
                <button type="button" className="btn small" onClick={() => navigate('/audit', true)}>
                  {t('audit.clearFilter', { actor })}
                </button>
              )}
            </Pager>
          </>
        )}
      </QueryState>
    </Panel>
  );
}

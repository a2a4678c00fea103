import type { UseQueryResult } from '@tanstack/react-query';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/i18n.tsx';

export function Panel({ title, aside, children, flush, id }: { title: string; aside?: ReactNode; children: ReactNode; flush?: boolean; id?: string }) {
  return (
    <section className="panel" data-testid={id}>
      <header>
        <h2>{title}</h2>
        {aside !== undefined && <div className="aside">{aside}</div>}
      </header>
      <div className={flush ? 'body flush' : 'body'}>{children}</div>
    </section>
  );
}

/** A big figure: flashes briefly when its value changes (a live update is seen, not just shown). */
export function Tile({
  label, value, unit, sub, tone, onClick, selected, testId, small,
}: { label: string; value: string; unit?: string; sub?: ReactNode; tone?: 'warn' | 'bad'; onClick?: () => void; selected?: boolean; testId?: string; small?: boolean }) {
  const ref = useRef<HTMLElement>(null);
  const prev = useRef(value);
  useEffect(() => {
    if (prev.current !== value && ref.current) {
      const el = ref.current;
      el.classList.remove('flash');
      void el.offsetWidth;
      el.classList.add('flash');
    }
    prev.current = value;
  }, [value]);
  const cls = ['tile', tone ?? '', onClick ? 'button' : '', selected ? 'selected' : ''].join(' ').trim();
  const inner = (
    <>
      <span className="label">{label}</span>
      <span className={small ? 'value sm' : 'value'} data-testid={testId}>
        {value}
        {unit && <small>{unit}</small>}
      </span>
      {sub !== undefined && (
        <span className="sub" data-testid={testId ? `${testId}-sub` : undefined}>
          {sub}
        </span>
      )}
    </>
  );
  return onClick ? (
    <button type="button" className={cls} onClick={onClick} ref={ref as React.RefObject<HTMLButtonElement>}>
      {inner}
    </button>
  ) : (
    <div className={cls} ref={ref as React.RefObject<HTMLDivElement>}>
      {inner}
    </div>
  );
}

export type Tone = 'ok' | 'warn' | 'bad' | 'info' | undefined;

export function Pill({ tone, children }: { tone?: Tone; children: ReactNode }) {
  return <span className={`pill ${tone ?? ''}`}>{children}</span>;
}

/** Loading, error (with the hub's problem detail) and empty states for one query. */
export function QueryState<T>({ q, empty, children }: { q: UseQueryResult<T>; empty?: (d: T) => boolean; children: (d: T) => ReactNode }) {
  const { t } = useI18n();
  if (q.isPending) return <div className="empty">{t('common.loading')}</div>;
  if (q.isError) {
    const e = q.error;
    if (e instanceof ApiError && e.status === 403) return <div className="empty">{t('common.noPermission')}</div>;
    if (e instanceof ApiError && e.status === 404 && !e.problem?.code) return <div className="empty">{t('common.unavailable')}</div>;
    return <div className="error">{t('common.error', { message: e.message })}</div>;
  }
  if (empty?.(q.data)) return <div className="empty">{t('common.empty')}</div>;
  return <>{children(q.data)}</>;
}

/** Re-renders every `ms` (for "x seconds ago" labels). */
export function useTick(ms: number): number {
  const [n, setN] = useState(0);
  useEffect(() => {
    const id = setInterval(() => setN((x) => x + 1), ms);
    return () => clearInterval(id);
  }, [ms]);
  return n;
}

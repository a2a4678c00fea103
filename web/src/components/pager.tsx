import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * The toolbar under a paginated list: `children` on the left (a count, a filter to clear), then
 * Previous and Next buttons; `go` is called with the offset to show.
 */
export function Pager({ offset, pageSize, nextOffset, go, children }: { offset: number; pageSize: number; nextOffset: number | null; go: (offset: number) => void; children?: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="toolbar" style={{ padding: '10px 18px' }}>
      {children}
      <span className="grow" />
      <button type="button" className="btn small" disabled={offset === 0} onClick={() => go(Math.max(0, offset - pageSize))}>
        {t('common.prev')}
      </button>
      <button type="button" className="btn small" disabled={nextOffset === null} onClick={() => nextOffset !== null && go(nextOffset)}>
        {t('common.next')}
      </button>
    </div>
  );
}

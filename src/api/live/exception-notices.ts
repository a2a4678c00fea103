import { onExceptionChanged } from '../../exceptions/index.ts';
import type { Hub } from '../../hub/index.ts';
import type { LiveNotice } from './live-notice.ts';

/** Notice source: the exceptions change feed, one exception notice per change. Returns the unsubscribe. */
export function onExceptionNotice(hub: Hub, publish: (n: LiveNotice) => void): () => void {
  return onExceptionChanged(hub, (c) =>
    publish({
      kind: 'exception',
      at: c.at,
      id: c.exception.id,
      change: c.kind,
      state: c.exception.state,
      severity: c.exception.severity,
      type: c.exception.type,
      warehouse: c.exception.warehouse,
    }),
  );
}

import { type Query, type QueryClient, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';

/**
 * Live updates: one EventSource on `GET /api/live` (docs/dashboard.md, "Live updates"). Each
 * notice names what changed; the matching TanStack queries are invalidated (refetched if on
 * screen), so a WMS event shows without a reload. Notices arriving together are applied together.
 */
export type LiveStatus = 'connecting' | 'live' | 'offline';

export interface LiveState {
  readonly status: LiveStatus;
  /** When the last change notice arrived (ms since epoch), or null. */
  readonly lastChangeAt: number | null;
}

interface PositionsNotice {
  readonly items: readonly { readonly sku: string; readonly warehouse: string }[];
  /** More changed than one notice names: refresh every stock figure. */
  readonly truncated?: boolean;
}
interface ExceptionNotice {
  readonly id: string;
}
interface OrderNotice {
  readonly id: string;
}

const Ctx = createContext<LiveState>({ status: 'connecting', lastChangeAt: null });

const keyOf = (q: Query): readonly unknown[] => q.queryKey;

/** Collects what to invalidate and flushes it at most every 150 ms; KPI boards at most every 3 s. */
class Invalidator {
  private skus = new Set<string>();
  private allStock = false;
  private roots = new Set<string>();
  private ids = new Map<string, Set<string>>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private kpiTimer: ReturnType<typeof setTimeout> | undefined;
  private kpiPending = false;

  constructor(private readonly qc: QueryClient) {}

  positions(n: PositionsNotice): void {
    if (n.truncated) this.allStock = true;
    for (const i of n.items) this.skus.add(i.sku);
    this.roots.add('network');
    this.roots.add('connectors');
    this.kpis();
    this.schedule();
  }

  entity(root: string, id: string): void {
    this.roots.add(root);
    let s = this.ids.get(root);
    if (!s) this.ids.set(root, (s = new Set()));
    s.add(id);
    this.roots.add('network');
    this.kpis();
    this.schedule();
  }

  root(root: string): void {
    this.roots.add(root);
    this.schedule();
  }

  private kpis(): void {
    if (this.kpiTimer) {
      this.kpiPending = true;
      return;
    }
    void this.qc.invalidateQueries({ queryKey: ['kpis'] });
    this.kpiTimer = setTimeout(() => {
      this.kpiTimer = undefined;
      if (this.kpiPending) {
        this.kpiPending = false;
        this.kpis();
      }
    }, 3000);
  }

  private lastFlush = 0;

  /** Waits 150 ms to gather notices arriving together, and keeps flushes at least 300 ms apart. */
  private schedule(): void {
    this.timer ??= setTimeout(() => this.flush(), Math.max(150, 300 - (Date.now() - this.lastFlush)));
  }

  private flush(): void {
    this.timer = undefined;
    this.lastFlush = Date.now();
    const skus = this.skus;
    const allStock = this.allStock;
    const roots = this.roots;
    const ids = this.ids;
    this.skus = new Set();
    this.allStock = false;
    this.roots = new Set();
    this.ids = new Map();
    void this.qc.invalidateQueries({
      predicate: (q) => {
        const [root, a] = keyOf(q);
        if (root === 'inventory' || root === 'atp') return allStock || (skus.size > 0 && (a === null || a === undefined || skus.has(String(a))));
        if (root === 'order' || root === 'exception') return ids.get(root === 'order' ? 'orders' : 'exceptions')?.has(String(a)) ?? false;
        return typeof root === 'string' && roots.has(root);
      },
    });
  }

  stop(): void {
    clearTimeout(this.timer);
    clearTimeout(this.kpiTimer);
  }
}

export function LiveProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const qc = useQueryClient();
  const [state, setState] = useState<LiveState>({ status: 'connecting', lastChangeAt: null });
  useEffect(() => {
    if (!enabled) return;
    const inv = new Invalidator(qc);
    const es = new EventSource('/api/live');
    const touched = (): void => setState({ status: 'live', lastChangeAt: Date.now() });
    const on = <T,>(name: string, fn: (data: T) => void): void =>
      es.addEventListener(name, (ev) => {
        try {
          fn(JSON.parse((ev as MessageEvent<string>).data) as T);
        } catch {
          // a notice we cannot read: the next refetch still brings the truth
        }
      });
    es.addEventListener('open', () => setState((s) => ({ ...s, status: 'live' })));
    es.addEventListener('error', () => setState((s) => ({ ...s, status: es.readyState === EventSource.CLOSED ? 'offline' : 'connecting' })));
    on<unknown>('ready', () => {
      setState((s) => ({ ...s, status: 'live' }));
      // after a reconnect, anything may have changed while we were away
      void qc.invalidateQueries({ predicate: (q) => keyOf(q)[0] !== 'auth' });
    });
    on<PositionsNotice>('positions', (n) => {
      inv.positions(n);
      touched();
    });
    on<ExceptionNotice>('exception', (n) => {
      inv.entity('exceptions', n.id);
      touched();
    });
    on<OrderNotice>('order', (n) => {
      inv.entity('orders', n.id);
      touched();
    });
    on<unknown>('connector', () => {
      inv.root('connectors');
      inv.root('network');
      touched();
    });
    return () => {
      es.close();
      inv.stop();
    };
  }, [enabled, qc]);
  return <Ctx.Provider value={state}>{children}</Ctx.Provider>;
}

export const useLive = (): LiveState => useContext(Ctx);

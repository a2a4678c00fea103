import { useQuery } from '@tanstack/react-query';
import { useSession } from '../auth/session.tsx';
import { api, getAll, type Page } from './client.ts';
import type { ConnectorStatus, Position, Sku, Warehouse } from './types.ts';

/** Master data warehouses (id, name, kind, region, coordinates). */
export function useWarehouses() {
  const { can } = useSession();
  return useQuery({
    queryKey: ['masterdata', 'warehouses'],
    queryFn: async () => (await api.get<{ items: Warehouse[] }>('/api/master-data/warehouses?limit=1000')).items,
    enabled: can('masterdata:read') || can('inventory:read'),
    staleTime: 300_000,
  });
}

/** Master data SKUs (names, categories, base units). */
export function useSkus() {
  const { can } = useSession();
  return useQuery({
    queryKey: ['masterdata', 'skus'],
    queryFn: async () => (await api.get<{ items: Sku[] }>('/api/master-data/skus?limit=1000')).items,
    enabled: can('masterdata:read'),
    staleTime: 300_000,
  });
}

/** Every non-zero position of the network (or of one warehouse): refreshed by live `positions` notices. */
export function useAllPositions(warehouse?: string) {
  const { can } = useSession();
  return useQuery({
    queryKey: ['inventory', null, warehouse ?? null],
    queryFn: () => getAll<Position>(`/api/inventory${warehouse ? `?warehouse=${encodeURIComponent(warehouse)}` : ''}`),
    enabled: can('inventory:read'),
  });
}

export function useConnectors() {
  const { can } = useSession();
  return useQuery({
    queryKey: ['connectors'],
    queryFn: async () => (await api.get<{ items: ConnectorStatus[] }>('/api/connectors')).items,
    enabled: can('connectors:read'),
    refetchInterval: 10_000,
  });
}

export interface ExceptionView {
  readonly id: string;
  readonly type: string;
  readonly severity: 'low' | 'medium' | 'high' | 'critical';
  readonly state: 'open' | 'acknowledged' | 'resolved';
  readonly warehouse: string | null;
  readonly sku: string | null;
  readonly subject: string;
  readonly title: string;
  readonly message: string;
  readonly evidence: { readonly href: string; readonly facts: Readonly<Record<string, string | number | boolean | null>> };
  readonly owner: { readonly team: string; readonly escalationContact: string | null; readonly from: string };
  readonly assignee: string | null;
  readonly count: number;
  readonly detectedAt: string;
  readonly lastSeenAt: string;
  readonly acknowledgedAt: string | null;
  readonly acknowledgedBy: string | null;
  readonly escalatedAt: string | null;
  readonly resolvedAt: string | null;
  readonly resolvedBy: string | null;
  readonly resolution: 'manual' | 'auto' | null;
  readonly history?: readonly { readonly at: string; readonly by: string; readonly action: string; readonly note: string | null }[];
}

/** Unresolved exceptions (open + acknowledged), for health on the network page. */
export function useActiveExceptions() {
  const { can } = useSession();
  return useQuery({
    queryKey: ['exceptions', 'active-all'],
    queryFn: async () => (await api.get<Page<ExceptionView>>('/api/exceptions?state=active&limit=1000')).items,
    enabled: can('exceptions:read'),
  });
}

/** Units on hand (every status but in transit) of a set of positions. */
export const onHand = (ps: readonly Position[]): number => ps.reduce((s, p) => s + (p.status === 'in_transit' ? 0 : p.qty), 0);
/** Available to promise: available − hub holds. */
export const atpOf = (ps: readonly Position[]): number => ps.reduce((s, p) => s + (p.status === 'available' ? p.qty - p.held : 0), 0);

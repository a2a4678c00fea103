import type { MessageKey } from './i18n/en.ts';

/** One page of the dashboard: where it lives, what it is called, the permission the API needs for it. */
export interface PageDef {
  readonly id: string;
  readonly path: string;
  readonly title: MessageKey;
  readonly permission: string;
  readonly icon: string;
}

/** Every page, in navigation order. The UI hides what the user may not see; the API enforces it. */
export const PAGES: readonly PageDef[] = [
  { id: 'network', path: '/', title: 'nav.network', permission: 'inventory:read', icon: 'M3 12h4l3-8 4 16 3-8h4' },
  { id: 'inventory', path: '/inventory', title: 'nav.inventory', permission: 'inventory:read', icon: 'M3 7l9-4 9 4-9 4-9-4zm0 5l9 4 9-4M3 17l9 4 9-4' },
  { id: 'orders', path: '/orders', title: 'nav.orders', permission: 'orders:read', icon: 'M5 4h14v16H5zM9 8h6M9 12h6M9 16h4' },
  { id: 'exceptions', path: '/exceptions', title: 'nav.exceptions', permission: 'exceptions:read', icon: 'M12 3l10 18H2L12 3zm0 7v5m0 3v.5' },
  { id: 'kpis', path: '/kpis', title: 'nav.kpis', permission: 'kpis:read', icon: 'M4 20V10m6 10V4m6 16v-7m4 7H2' },
  { id: 'master-data', path: '/master-data', title: 'nav.masterData', permission: 'masterdata:read', icon: 'M4 6h16M4 12h16M4 18h10' },
  { id: 'connectors', path: '/connectors', title: 'nav.connectors', permission: 'connectors:read', icon: 'M8 7V3m8 4V3M6 7h12v5a6 6 0 01-12 0V7zm6 11v3' },
  { id: 'audit', path: '/audit', title: 'nav.audit', permission: 'audit:read', icon: 'M12 3l8 4v5c0 5-3.5 8-8 9-4.5-1-8-4-8-9V7l8-4z' },
  { id: 'users', path: '/users', title: 'nav.users', permission: 'users:manage', icon: 'M16 19v-1a4 4 0 00-8 0v1M12 11a3 3 0 100-6 3 3 0 000 6z' },
];

/** The page at `path` (`/orders/ORD-1` is the orders page). */
export function pageOf(path: string): PageDef | undefined {
  if (path === '/' || path === '') return PAGES[0];
  return PAGES.find((p) => p.path !== '/' && (path === p.path || path.startsWith(`${p.path}/`)));
}

import { useQuery } from '@tanstack/react-query';
import { type CSSProperties, type ReactNode, useEffect, useState } from 'react';
import { api } from './api/client.ts';
import { useSession } from './auth/session.tsx';
import { useTick } from './components/ui.tsx';
import { useI18n } from './i18n/i18n.tsx';
import { LiveProvider, useLive } from './live/live.tsx';
import { PAGES, type PageDef, pageOf } from './nav.ts';
import { AuditPage } from './pages/audit.tsx';
import { ConnectorsPage } from './pages/connectors.tsx';
import { ExceptionsPage } from './pages/exceptions.tsx';
import { InventoryPage } from './pages/inventory.tsx';
import { KpisPage } from './pages/kpis.tsx';
import { LoginPage } from './pages/login.tsx';
import { MasterDataPage } from './pages/master-data.tsx';
import { NetworkPage } from './pages/network.tsx';
import { OrdersPage } from './pages/orders.tsx';
import { UsersPage } from './pages/users.tsx';
import { Link, useLocation } from './router.tsx';

const VIEWS: Record<string, () => ReactNode> = {
  network: () => <NetworkPage />,
  inventory: () => <InventoryPage />,
  orders: () => <OrdersPage />,
  exceptions: () => <ExceptionsPage />,
  kpis: () => <KpisPage />,
  'master-data': () => <MasterDataPage />,
  connectors: () => <ConnectorsPage />,
  audit: () => <AuditPage />,
  users: () => <UsersPage />,
};

type Theme = 'dark' | 'light';

function useTheme(): [Theme, (t: Theme) => void] {
  const [theme, setTheme] = useState<Theme>(() => (localStorage.getItem('stockmesh.theme') === 'light' ? 'light' : 'dark'));
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem('stockmesh.theme', theme);
  }, [theme]);
  return [theme, setTheme];
}

function Icon({ d }: { d: string }) {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d={d} />
    </svg>
  );
}

export function BrandMark() {
  return (
    <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
      <rect width="32" height="32" rx="8" fill="var(--accent-weak)" />
      <g fill="none" stroke="var(--accent)" strokeWidth="2.2">
        <path d="M8 22 16 9l8 13z" />
        <circle cx="8" cy="22" r="3" fill="var(--panel)" />
        <circle cx="16" cy="9" r="3" fill="var(--panel)" />
        <circle cx="24" cy="22" r="3" fill="var(--panel)" />
      </g>
    </svg>
  );
}

/** The mark with the product's name and tagline (sidebar and sign-in page). */
export function Brand({ style }: { style?: CSSProperties }) {
  const { t } = useI18n();
  return (
    <div className="brand" style={style}>
      <BrandMark />
      <div>
        <div className="brand-name">{t('app.name')}</div>
        <div className="brand-sub">{t('app.tagline')}</div>
      </div>
    </div>
  );
}

function LiveIndicator() {
  const { t, ago } = useI18n();
  const live = useLive();
  useTick(5000);
  const cls = live.status === 'live' ? 'live on' : live.status === 'offline' ? 'live off' : 'live';
  return (
    <span className={cls} data-testid="live-status" data-status={live.status} title={live.lastChangeAt ? t('live.lastChange', { ago: ago(new Date(live.lastChangeAt).toISOString()) }) : undefined}>
      <span className="dot" />
      {t(`live.${live.status}`)}
    </span>
  );
}

function Clock() {
  const { lang } = useI18n();
  useTick(1000);
  const now = new Date();
  return (
    <span className="mono muted">
      {new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: 'Asia/Shanghai', hour12: false }).format(now)} CST
    </span>
  );
}

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <div className="seg" role="group" aria-label={t('lang.label')}>
      <button type="button" aria-pressed={lang === 'en'} onClick={() => setLang('en')} data-testid="lang-en">
        EN
      </button>
      <button type="button" aria-pressed={lang === 'zh'} onClick={() => setLang('zh')} data-testid="lang-zh">
        中文
      </button>
    </div>
  );
}

function OpenExceptionsCount() {
  const { can } = useSession();
  const q = useQuery({
    queryKey: ['exceptions', 'summary'],
    queryFn: () => api.get<{ open: number; acknowledged: number }>('/api/exceptions/summary'),
    enabled: can('exceptions:read'),
    refetchInterval: 30_000,
  });
  if (!q.data) return null;
  const n = q.data.open + q.data.acknowledged;
  return <span className={n > 0 ? 'count hot' : 'count'}>{n}</span>;
}

/**
 * Wall display: full screen, no sidebar, larger type — for the operations centre's screen. Leaves
 * with Esc (the browser's full-screen exit), which also brings the sidebar back.
 */
function WallButton() {
  const { t } = useI18n();
  useEffect(() => {
    const sync = (): void => {
      if (!document.fullscreenElement) document.documentElement.classList.remove('wall');
    };
    document.addEventListener('fullscreenchange', sync);
    return () => document.removeEventListener('fullscreenchange', sync);
  }, []);
  const enter = (): void => {
    document.documentElement.classList.add('wall');
    void document.documentElement.requestFullscreen?.().catch(() => undefined);
  };
  return (
    <button type="button" className="btn small" onClick={enter} title={t('wall.hint')}>
      {t('wall.enter')}
    </button>
  );
}

function NotAllowed() {
  const { t } = useI18n();
  return (
    <div className="panel forbidden" data-testid="not-allowed">
      <h2>{t('forbidden.title')}</h2>
      <p className="muted">{t('forbidden.body')}</p>
      <Link to="/">{t('forbidden.back')}</Link>
    </div>
  );
}

function NotFound() {
  const { t } = useI18n();
  return (
    <div className="panel forbidden" data-testid="not-found">
      <h2>{t('notFound.title')}</h2>
      <Link to="/">{t('forbidden.back')}</Link>
    </div>
  );
}

function Shell({ page }: { page: PageDef | undefined }) {
  const { t, tv } = useI18n();
  const { me, can, logout } = useSession();
  const [theme, setTheme] = useTheme();
  const visible = PAGES.filter((p) => can(p.permission));
  const allowed = page ? can(page.permission) : false;
  useEffect(() => {
    document.title = `${page ? t(page.title) : t('notFound.title')} · ${t('app.name')}`;
  }, [page, t]);
  return (
    <div className="shell">
      <aside className="sidebar">
        <Brand />
        <nav className="nav" data-testid="nav">
          {visible.map((p) => (
            <Link key={p.id} to={p.path} className={page?.id === p.id ? 'active' : ''} data-testid={`nav-${p.id}`}>
              <Icon d={p.icon} />
              {t(p.title)}
              {p.id === 'exceptions' && <OpenExceptionsCount />}
            </Link>
          ))}
        </nav>
        <div className="sidebar-foot">
          <div>
            <strong style={{ color: 'var(--text)' }} data-testid="user-name">
              {me?.user.displayName}
            </strong>
            <div>
              {tv('role', me?.user.role ?? '')}
              {me?.user.warehouses ? ` · ${me.user.warehouses.join(', ')}` : ''}
            </div>
          </div>
          <div className="toolbar">
            <WallButton />
            <button type="button" className="btn small" onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}>
              {theme === 'dark' ? t('theme.light') : t('theme.dark')}
            </button>
            <button type="button" className="btn small" onClick={() => void logout()} data-testid="logout">
              {t('auth.logout')}
            </button>
          </div>
        </div>
      </aside>
      <div className="main">
        <header className="topbar">
          <h1 data-testid="page-title">{page ? t(page.title) : t('notFound.title')}</h1>
          <span className="spacer" />
          <LiveIndicator />
          <Clock />
          <LanguageSwitch />
        </header>
        <main className="content">{!page ? <NotFound /> : allowed ? VIEWS[page.id]?.() : <NotAllowed />}</main>
      </div>
    </div>
  );
}

export function App() {
  const { me, loading } = useSession();
  const { path } = useLocation();
  const { t } = useI18n();
  if (loading) return <div className="empty">{t('common.loading')}</div>;
  if (!me) return <LoginPage />;
  return (
    <LiveProvider enabled={me.permissions.includes('inventory:read')}>
      <Shell page={pageOf(path)} />
    </LiveProvider>
  );
}

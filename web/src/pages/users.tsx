import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import { type Column, DataTable } from '../components/data-table.tsx';
import { Panel, Pill, QueryState } from '../components/ui.tsx';
import { useI18n } from '../i18n/i18n.tsx';

interface User {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: string;
  readonly warehouses: readonly string[] | null;
  readonly disabled?: boolean;
  readonly active?: boolean;
}

/** Users and their roles and warehouse scopes (administrators only). */
export function UsersPage() {
  const { t, tv } = useI18n();
  const users = useQuery({ queryKey: ['users'], queryFn: async () => (await api.get<{ items: User[] }>('/api/users?limit=1000')).items });
  const columns: Column<User>[] = [
    {
      head: t('col.user'),
      cell: (u) => (
        <>
          <strong>{u.displayName}</strong>
          <div className="muted mono">{u.username}</div>
        </>
      ),
    },
    { head: t('col.role'), cell: (u) => tv('role', u.role) },
    { head: t('col.warehouses'), cell: (u) => (u.warehouses ? u.warehouses.join(', ') : t('users.allWarehouses')) },
    { head: t('col.state'), cell: (u) => (u.disabled || u.active === false ? <Pill tone="bad">{t('users.disabled')}</Pill> : <Pill tone="ok">{t('users.active')}</Pill>) },
  ];
  return (
    <Panel title={t('users.title')} flush>
      <QueryState q={users} empty={(d) => d.length === 0}>
        {(d) => (
          <DataTable rows={d} columns={columns} rowKey={(u) => u.id} testId="users-table" />
        )}
      </QueryState>
    </Panel>
  );
}

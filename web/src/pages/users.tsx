import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
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
  return (
    <Panel title={t('users.title')} flush>
      <QueryState q={users} empty={(d) => d.length === 0}>
        {(d) => (
          <table className="data" data-testid="users-table">
            <thead>
              <tr>
                <th>{t('col.user')}</th>
                <th>{t('col.role')}</th>
                <th>{t('col.warehouses')}</th>
                <th>{t('col.state')}</th>
              </tr>
            </thead>
            <tbody>
              {d.map((u) => (
                <tr key={u.id}>
                  <td>
                    <strong>{u.displayName}</strong>
                    <div className="muted mono">{u.username}</div>
                  </td>
                  <td>{tv('role', u.role)}</td>
                  <td>{u.warehouses ? u.warehouses.join(', ') : t('users.allWarehouses')}</td>
                  <td>{u.disabled || u.active === false ? <Pill tone="bad">{t('users.disabled')}</Pill> : <Pill tone="ok">{t('users.active')}</Pill>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
    </Panel>
  );
}

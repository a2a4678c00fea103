import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo } from 'react';
import { api, ApiError, setCsrfToken, setUnauthorizedHandler } from '../api/client.ts';
import type { Me } from '../api/types.ts';

/** The signed-in user as the hub sees it: the UI hides what `can` denies; the API enforces it. */
export interface Session {
  readonly me: Me | null;
  readonly loading: boolean;
  readonly can: (permission: string) => boolean;
  readonly login: (username: string, password: string) => Promise<void>;
  readonly logout: () => Promise<void>;
}

const Ctx = createContext<Session | null>(null);

async function fetchMe(): Promise<Me | null> {
  try {
    return await api.get<Me>('/api/auth/me');
  } catch (err) {
    if (err instanceof ApiError && (err.status === 401 || err.status === 403)) return null;
    throw err;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const meQuery = useQuery({ queryKey: ['auth', 'me'], queryFn: fetchMe, staleTime: 60_000, retry: 1 });
  const me = meQuery.data ?? null;
  useEffect(() => setCsrfToken(me?.csrfToken ?? null), [me]);
  useEffect(() => {
    setUnauthorizedHandler(() => qc.setQueryData(['auth', 'me'], null));
    return () => setUnauthorizedHandler(null);
  }, [qc]);
  const login = useCallback(
    async (username: string, password: string) => {
      const r = await api.post<Me>('/api/auth/login', { username, password });
      setCsrfToken(r.csrfToken);
      // another user's data must not show: drop everything cached but the session itself
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
      qc.setQueryData(['auth', 'me'], r);
    },
    [qc],
  );
  const logout = useCallback(async () => {
    try {
      await api.post('/api/auth/logout', {});
    } finally {
      setCsrfToken(null);
      qc.setQueryData(['auth', 'me'], null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
    }
  }, [qc]);
  const value = useMemo<Session>(() => {
    const perms = new Set(me?.permissions ?? []);
    return { me, loading: meQuery.isPending, can: (p) => perms.has(p), login, logout };
  }, [me, meQuery.isPending, login, logout]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): Session {
  const v = useContext(Ctx);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}

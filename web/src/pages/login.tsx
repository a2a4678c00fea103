import { type FormEvent, useState } from 'react';
import { ApiError } from '../api/client.ts';
import { Brand, LanguageSwitch } from '../app.tsx';
import { useSession } from '../auth/session.tsx';
import { useI18n } from '../i18n/i18n.tsx';

export function LoginPage() {
  const { t } = useI18n();
  const { login } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(username, password);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? t('auth.invalid') : err instanceof ApiError && err.status === 429 ? t('auth.tooMany') : t('common.error', { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="login-wrap">
      <form className="panel login" onSubmit={(e) => void submit(e)} data-testid="login-form">
        <Brand style={{ padding: 0 }} />
        <h1>{t('auth.title')}</h1>
        <label>
          {t('auth.username')}
          <input type="text" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} name="username" required autoFocus />
        </label>
        <label>
          {t('auth.password')}
          <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} name="password" required />
        </label>
        {error && (
          <div className="error" style={{ padding: 0 }} role="alert" data-testid="login-error">
            {error}
          </div>
        )}
        <div className="actions">
          <LanguageSwitch />
          <button className="btn primary" type="submit" disabled={busy} data-testid="login-submit">
            {t('auth.submit')}
          </button>
        </div>
        <p className="faint" style={{ margin: 0, fontSize: 12.5 }}>
          {t('auth.hint')}
        </p>
      </form>
    </div>
  );
}

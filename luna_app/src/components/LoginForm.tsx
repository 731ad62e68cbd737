import { useState, type FormEvent } from 'react';
import { describeSignInError } from '../i18n/errorMessages';
import { useI18n } from '../i18n/I18nContext';

interface LoginFormProps {
  onSignIn: (username: string, password: string) => Promise<void>;
}

/**
 * Username and password; shows a clear message when the credentials are wrong.
 *
 * Plain HTML styled like the app's Ionic fields: the login form is the first thing a visitor
 * downloads, and without Ionic it arrives in a fraction of the bytes (issue 17, slow lines).
 */
export function LoginForm({ onSignIn }: LoginFormProps) {
  const { t, locale } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy) return;
    if (!username.trim() || !password) {
      setError(t('login.missingFields'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSignIn(username.trim(), password);
    } catch (caught) {
      setError(describeSignInError(caught, t, locale));
      setBusy(false);
    }
  };

  return (
    <form className="login-form" onSubmit={(event) => void submit(event)} noValidate>
      <label className="plain-field" data-testid="login-username">
        <span>{t('login.username')}</span>
        <input
          name="username"
          autoComplete="username"
          autoCapitalize="off"
          spellCheck={false}
          value={username}
          onChange={(event) => setUsername(event.target.value)}
        />
      </label>
      <label className="plain-field" data-testid="login-password">
        <span>{t('login.password')}</span>
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
      </label>
      {error && (
        <p className="form-error plain-error" role="alert" data-testid="login-error">
          {error}
        </p>
      )}
      <button
        type="submit"
        className="plain-button"
        data-testid="login-submit"
        disabled={busy}
        aria-disabled={busy ? 'true' : 'false'}
      >
        {busy ? '…' : t('login.submit')}
      </button>
    </form>
  );
}

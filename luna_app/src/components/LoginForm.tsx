import { IonButton, IonInput, IonSpinner, IonText } from '@ionic/react';
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { describeSignInError } from '../i18n/errorMessages';
import { useI18n } from '../i18n/I18nContext';

interface LoginFormProps {
  onSignIn: (username: string, password: string) => Promise<void>;
}

/** Username and password; shows a clear message when the credentials are wrong. */
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

  const submitOnEnter = (event: KeyboardEvent) => {
    if (event.key === 'Enter') void submit();
  };

  return (
    <form className="login-form" onSubmit={submit} noValidate>
      <IonInput
        data-testid="login-username"
        label={t('login.username')}
        labelPlacement="floating"
        fill="outline"
        autocomplete="username"
        autocapitalize="off"
        value={username}
        onIonInput={(event) => setUsername(String(event.detail.value ?? ''))}
        onKeyDown={submitOnEnter}
      />
      <IonInput
        data-testid="login-password"
        label={t('login.password')}
        labelPlacement="floating"
        fill="outline"
        type="password"
        autocomplete="current-password"
        value={password}
        onIonInput={(event) => setPassword(String(event.detail.value ?? ''))}
        onKeyDown={submitOnEnter}
      />
      {error && (
        <IonText color="danger">
          <p className="form-error" role="alert" data-testid="login-error">
            {error}
          </p>
        </IonText>
      )}
      <IonButton expand="block" data-testid="login-submit" disabled={busy} onClick={() => void submit()}>
        {busy ? <IonSpinner name="dots" /> : t('login.submit')}
      </IonButton>
    </form>
  );
}

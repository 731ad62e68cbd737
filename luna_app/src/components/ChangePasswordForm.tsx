import { IonButton, IonInput, IonSpinner, IonText } from '@ionic/react';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { describeError } from '../i18n/errorMessages';
import { useI18n } from '../i18n/I18nContext';

export const MIN_PASSWORD_LENGTH = 12;

interface ChangePasswordFormProps {
  /** Calls POST /api/me/password; resolves when the password was changed. */
  onChange: (currentPassword: string, newPassword: string) => Promise<void>;
}

/** Current password, new password twice; the API's rules are shown and checked where it can. */
export function ChangePasswordForm({ onChange }: ChangePasswordFormProps) {
  const { t } = useI18n();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy) return;
    setDone(false);
    if (next.length < MIN_PASSWORD_LENGTH) {
      setError(t('password.tooShort'));
      return;
    }
    if (next !== repeat) {
      setError(t('password.mismatch'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onChange(current, next);
      setCurrent('');
      setNext('');
      setRepeat('');
      setDone(true);
    } catch (caught) {
      const wrongCurrent = caught instanceof ApiError && caught.status === 403;
      setError(wrongCurrent ? t('password.wrongCurrent') : describeError(caught, t));
    } finally {
      setBusy(false);
    }
  };

  const field = (testId: string, label: string, value: string, set: (v: string) => void, auto: string) => (
    <IonInput
      data-testid={testId}
      label={label}
      labelPlacement="floating"
      fill="outline"
      type="password"
      autocomplete={auto as 'current-password' | 'new-password'}
      value={value}
      onIonInput={(event) => set(String(event.detail.value ?? ''))}
    />
  );

  return (
    <form className="change-password-form" data-testid="change-password-form" onSubmit={submit} noValidate>
      {field('password-current', t('password.current'), current, setCurrent, 'current-password')}
      {field('password-new', t('password.new'), next, setNext, 'new-password')}
      {field('password-repeat', t('password.repeat'), repeat, setRepeat, 'new-password')}
      <IonText color="medium">
        <p className="form-help">{t('password.rules')}</p>
      </IonText>
      {error && (
        <IonText color="danger">
          <p className="form-error" role="alert" data-testid="password-error">
            {error}
          </p>
        </IonText>
      )}
      {done && (
        <IonText color="success">
          <p role="status" data-testid="password-changed">
            {t('password.changed')}
          </p>
        </IonText>
      )}
      <IonButton expand="block" data-testid="password-submit" disabled={busy} onClick={() => void submit()}>
        {busy ? <IonSpinner name="dots" /> : t('password.submit')}
      </IonButton>
    </form>
  );
}

import { LoginForm } from '../components/LoginForm';
import { useI18n } from '../i18n/I18nContext';
import { useSession } from '../session/SessionContext';

/** The visitor's only page; plain React (no Ionic), so it paints early on a slow line. */
export function LoginPage() {
  const { t } = useI18n();
  const { signIn } = useSession();
  return (
    <main className="login-page" data-testid="login-page">
      <div className="page-body login-body">
        <div className="brand">
          <img src="/luna.svg" alt="" width="72" height="72" />
          <h1>{t('app.name')}</h1>
          <p>{t('login.subtitle')}</p>
        </div>
        <h2>{t('login.title')}</h2>
        <LoginForm onSignIn={signIn} />
      </div>
    </main>
  );
}

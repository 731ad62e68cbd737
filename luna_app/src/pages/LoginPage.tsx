import { IonContent, IonPage } from '@ionic/react';
import { LoginForm } from '../components/LoginForm';
import { useI18n } from '../i18n/I18nContext';
import { useSession } from '../session/SessionContext';

export function LoginPage() {
  const { t } = useI18n();
  const { signIn } = useSession();
  return (
    <IonPage data-testid="login-page">
      <IonContent className="ion-padding">
        <div className="page-body login-body">
          <div className="brand">
            <img src="/luna.svg" alt="" width="72" height="72" />
            <h1>{t('app.name')}</h1>
            <p>{t('login.subtitle')}</p>
          </div>
          <h2>{t('login.title')}</h2>
          <LoginForm onSignIn={signIn} />
        </div>
      </IonContent>
    </IonPage>
  );
}

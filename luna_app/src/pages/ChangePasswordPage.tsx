import { IonButton, IonContent, IonPage, IonText } from '@ionic/react';
import { changeMyPassword } from '../api/accounts';
import { ChangePasswordForm } from '../components/ChangePasswordForm';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n/I18nContext';
import { useSession } from '../session/SessionContext';

/** Shown instead of the app after signing in with a temporary password. */
export function ChangePasswordPage() {
  const { t } = useI18n();
  const { adopt, logout } = useSession();
  return (
    <IonPage data-testid="must-change-password-page">
      <PageHeader title={t('password.title')} />
      <IonContent className="ion-padding">
        <div className="page-body">
          <IonText color="warning">
            <p role="status">{t('password.mustChange')}</p>
          </IonText>
          <ChangePasswordForm onChange={async (current, next) => adopt(await changeMyPassword(current, next))} />
          <IonButton expand="block" fill="clear" color="medium" onClick={() => void logout()}>
            {t('account.logout')}
          </IonButton>
        </div>
      </IonContent>
    </IonPage>
  );
}

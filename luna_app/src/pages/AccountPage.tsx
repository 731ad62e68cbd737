import {
  IonButton,
  IonChip,
  IonContent,
  IonIcon,
  IonItem,
  IonLabel,
  IonList,
  IonListHeader,
  IonPage,
  IonSegment,
  IonSegmentButton,
  useIonViewWillEnter,
} from '@ionic/react';
import { logOutOutline } from 'ionicons/icons';
import { changeMyPassword } from '../api/accounts';
import { getMe } from '../api/client';
import { ChangePasswordForm } from '../components/ChangePasswordForm';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n/I18nContext';
import { LANGUAGES, isLanguage, roleLabel } from '../i18n/messages';
import { useOutbox } from '../outbox/OutboxContext';
import { useSession } from '../session/SessionContext';

/** Username, e-mail and roles, the language choice, and logout. */
export function AccountPage() {
  const { t, language, setLanguage } = useI18n();
  const { session, logout, updateUser, adopt } = useSession();
  const outbox = useOutbox();

  useIonViewWillEnter(() => {
    getMe()
      .then(updateUser)
      .catch(() => undefined); // a 401 already ends the session; other failures keep the stored data
  });

  // Photos still queued on this device leave with the user: a shared phone keeps no patient images.
  const signOut = async () => {
    await outbox.discardAll();
    await logout();
  };

  const user = session?.user;
  return (
    <IonPage data-testid="account-page">
      <PageHeader title={t('account.title')} />
      <IonContent className="ion-padding">
        <div className="page-body">
          <IonList inset>
            <IonItem>
              <IonLabel>
                <p>{t('account.username')}</p>
                <h2 data-testid="account-username">{user?.username}</h2>
              </IonLabel>
            </IonItem>
            <IonItem>
              <IonLabel>
                <p>{t('account.email')}</p>
                <h2 data-testid="account-email">{user?.email}</h2>
              </IonLabel>
            </IonItem>
            <IonItem lines="none">
              <IonLabel>
                <p>{t('account.roles')}</p>
                <div data-testid="account-roles">
                  {user?.roles.map((role) => (
                    <IonChip key={role} color="primary" data-testid="account-role" data-role={role}>
                      {roleLabel(t, role)}
                    </IonChip>
                  ))}
                </div>
              </IonLabel>
            </IonItem>
          </IonList>

          <IonList inset>
            <IonListHeader>
              <IonLabel>{t('account.language')}</IonLabel>
            </IonListHeader>
            <IonItem lines="none">
              <IonSegment
                value={language}
                data-testid="language-toggle"
                onIonChange={(event) => {
                  if (isLanguage(event.detail.value)) setLanguage(event.detail.value);
                }}
              >
                {LANGUAGES.map((code) => (
                  <IonSegmentButton key={code} value={code} data-testid={`language-${code}`}>
                    <IonLabel>{t(`language.${code}`)}</IonLabel>
                  </IonSegmentButton>
                ))}
              </IonSegment>
            </IonItem>
          </IonList>

          <IonList inset>
            <IonListHeader>
              <IonLabel>{t('password.title')}</IonLabel>
            </IonListHeader>
            <IonItem lines="none">
              <ChangePasswordForm onChange={async (current, next) => adopt(await changeMyPassword(current, next))} />
            </IonItem>
          </IonList>

          {user?.roles.includes('admin') && (
            <IonList inset data-testid="admin-links">
              <IonListHeader>
                <IonLabel>{t('admin.section')}</IonLabel>
              </IonListHeader>
              <IonItem routerLink="/app/admin/users" detail data-testid="admin-users-link">
                <IonLabel>{t('admin.users')}</IonLabel>
              </IonItem>
              <IonItem routerLink="/app/admin/audit" detail lines="none" data-testid="admin-audit-link">
                <IonLabel>{t('admin.audit')}</IonLabel>
              </IonItem>
            </IonList>
          )}

          <IonButton expand="block" color="danger" fill="outline" data-testid="logout" onClick={() => void signOut()}>
            <IonIcon slot="start" icon={logOutOutline} aria-hidden="true" />
            {t('account.logout')}
          </IonButton>
        </div>
      </IonContent>
    </IonPage>
  );
}

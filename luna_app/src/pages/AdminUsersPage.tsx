import { IonContent, IonPage, IonText, useIonViewWillEnter } from '@ionic/react';
import { useCallback, useState } from 'react';
import { listUsers, setTemporaryPassword, updateUser, type UserAccount } from '../api/accounts';
import { PageHeader } from '../components/PageHeader';
import { UsersTable } from '../components/UsersTable';
import { describeError } from '../i18n/errorMessages';
import { useI18n } from '../i18n/I18nContext';
import { useSession } from '../session/SessionContext';

/** Admins: every account, enable or disable it, set its roles, give a temporary password. */
export function AdminUsersPage() {
  const { t } = useI18n();
  const { session } = useSession();
  const [users, setUsers] = useState<UserAccount[] | null>(null);
  const [busyId, setBusyId] = useState<number | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  const load = useCallback(() => {
    listUsers()
      .then(setUsers)
      .catch((error: unknown) => setMessage({ text: describeError(error, t), error: true }));
  }, [t]);
  useIonViewWillEnter(load);

  const act = async (user: UserAccount, action: () => Promise<string>) => {
    setBusyId(user.id);
    setMessage(null);
    try {
      setMessage({ text: await action(), error: false });
      load();
    } catch (error) {
      setMessage({ text: describeError(error, t), error: true });
    } finally {
      setBusyId(null);
    }
  };

  return (
    <IonPage data-testid="admin-users-page">
      <PageHeader title={t('admin.users')} backHref="/app/account" />
      <IonContent className="ion-padding">
        <div className="page-body">
          {message && (
            <IonText color={message.error ? 'danger' : 'success'}>
              <p role={message.error ? 'alert' : 'status'} data-testid="admin-message">
                {message.text}
              </p>
            </IonText>
          )}
          {users && (
            <UsersTable
              users={users}
              currentUserId={session?.user.id}
              busyId={busyId}
              onSetActive={(user, active) =>
                void act(user, async () => {
                  await updateUser(user.id, { active });
                  return t('admin.saved');
                })
              }
              onSetRoles={(user, roles) =>
                void act(user, async () => {
                  await updateUser(user.id, { roles });
                  return t('admin.saved');
                })
              }
              onTemporaryPassword={(user) =>
                void act(user, async () => {
                  const { temporaryPassword } = await setTemporaryPassword(user.id);
                  return t('admin.tempPasswordIs', { username: user.username, password: temporaryPassword });
                })
              }
            />
          )}
        </div>
      </IonContent>
    </IonPage>
  );
}

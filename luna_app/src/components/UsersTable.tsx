import { IonButton, IonCheckbox, IonItem, IonLabel, IonList, IonNote, IonText } from '@ionic/react';
import { ROLES, type UserAccount } from '../api/accounts';
import { useI18n } from '../i18n/I18nContext';

interface UsersTableProps {
  users: UserAccount[];
  /** The signed-in admin: they are shown, but cannot disable themselves here. */
  currentUserId: number | string | undefined;
  busyId: number | null;
  onSetActive: (user: UserAccount, active: boolean) => void;
  onSetRoles: (user: UserAccount, roles: string[]) => void;
  onTemporaryPassword: (user: UserAccount) => void;
}

/** Every account with its state and the admin's actions on it. */
export function UsersTable({ users, currentUserId, busyId, onSetActive, onSetRoles, onTemporaryPassword }: UsersTableProps) {
  const { t, locale } = useI18n();
  const date = (value: string | null) => (value ? new Date(value).toLocaleString(locale) : t('admin.never'));
  if (users.length === 0) return <p data-testid="users-empty">{t('admin.noUsers')}</p>;
  return (
    <IonList inset data-testid="users-list">
      {users.map((user) => {
        const busy = busyId === user.id;
        const toggleRole = (role: string, checked: boolean) => {
          const roles = checked ? [...user.roles, role] : user.roles.filter((r) => r !== role);
          if (roles.length > 0) onSetRoles(user, [...new Set(roles)].sort());
        };
        return (
          <IonItem key={user.id} data-testid={`user-${user.id}`} lines="full">
            <IonLabel className="ion-text-wrap">
              <h2>
                {user.username}{' '}
                <IonText color={user.active ? 'success' : 'danger'}>
                  <small data-testid={`user-state-${user.id}`}>{user.active ? t('admin.active') : t('admin.disabled')}</small>
                </IonText>
              </h2>
              <p>{user.email}</p>
              <p>
                {t('admin.created', { date: date(user.createdAt) })} · {t('admin.lastSignIn', { date: date(user.lastSignInAt) })}
              </p>
              {user.mustChangePassword && <IonNote color="warning">{t('admin.mustChange')}</IonNote>}
              <div className="user-roles" aria-label={t('admin.roles')}>
                {ROLES.map((role) => (
                  <IonCheckbox
                    key={role}
                    data-testid={`user-${user.id}-role-${role}`}
                    checked={user.roles.includes(role)}
                    disabled={busy}
                    labelPlacement="end"
                    onIonChange={(event) => toggleRole(role, event.detail.checked)}
                  >
                    {t(`admin.role.${role}`)}
                  </IonCheckbox>
                ))}
              </div>
              <div className="user-actions">
                <IonButton
                  size="small"
                  fill="outline"
                  color={user.active ? 'danger' : 'success'}
                  data-testid={`user-${user.id}-toggle`}
                  disabled={busy || (user.active && user.id === currentUserId)}
                  onClick={() => onSetActive(user, !user.active)}
                >
                  {user.active ? t('admin.disable') : t('admin.enable')}
                </IonButton>
                <IonButton
                  size="small"
                  fill="outline"
                  data-testid={`user-${user.id}-temp-password`}
                  disabled={busy}
                  onClick={() => onTemporaryPassword(user)}
                >
                  {t('admin.tempPassword')}
                </IonButton>
              </div>
            </IonLabel>
          </IonItem>
        );
      })}
    </IonList>
  );
}

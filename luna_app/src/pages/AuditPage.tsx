import { IonContent, IonPage, IonText, useIonViewWillEnter } from '@ionic/react';
import { useCallback, useState } from 'react';
import { listAuditEvents, type AuditPage as AuditPageData, type AuditQuery } from '../api/accounts';
import { AuditTrailList } from '../components/AuditTrailList';
import { PageHeader } from '../components/PageHeader';
import { describeError } from '../i18n/errorMessages';
import { useI18n } from '../i18n/I18nContext';

/** Admins: the audit trail (who saw or changed what, when, from where), filtered and paged. */
export function AuditPage() {
  const { t } = useI18n();
  const [page, setPage] = useState<AuditPageData | null>(null);
  const [error, setError] = useState<string | null>(null);

  const search = useCallback(
    (query: AuditQuery) => {
      setError(null);
      listAuditEvents(query)
        .then(setPage)
        .catch((caught: unknown) => setError(describeError(caught, t)));
    },
    [t],
  );
  useIonViewWillEnter(() => search({}));

  return (
    <IonPage data-testid="audit-page">
      <PageHeader title={t('admin.audit')} backHref="/app/account" />
      <IonContent className="ion-padding">
        <div className="page-body">
          {error && (
            <IonText color="danger">
              <p role="alert" data-testid="audit-error">
                {error}
              </p>
            </IonText>
          )}
          <AuditTrailList page={page} onSearch={search} />
        </div>
      </IonContent>
    </IonPage>
  );
}
